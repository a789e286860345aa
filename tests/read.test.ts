import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AdmError } from '../src/cli/errors.js';
import { decode, firstInvalidUtf8, splitLines } from '../src/read/decode.js';
import { parseDocument } from '../src/read/index.js';

const text = 'P1: Café – naïve ’quote’ 東京\n';
const utf16 = (s: string, be: boolean) => {
  const le = Buffer.from('\ufeff' + s, 'utf16le');
  if (!be) return le;
  const out = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1]!;
    out[i + 1] = le[i]!;
  }
  return out;
};

describe('encodings (SPEC §1)', () => {
  it('UTF-8 without BOM', () => expect(decode(Buffer.from(text), 'f')).toEqual({ text, encoding: 'utf-8' }));
  it('UTF-8 with BOM (BOM removed)', () => expect(decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'f')).toEqual({ text, encoding: 'utf-8-bom' }));
  it('UTF-16 LE with BOM', () => expect(decode(utf16(text, false), 'f')).toEqual({ text, encoding: 'utf-16le' }));
  it('UTF-16 BE with BOM', () => expect(decode(utf16(text, true), 'f')).toEqual({ text, encoding: 'utf-16be' }));
  it('the same transcript in every encoding gives the same document', () => {
    const t = '---\nid: A\n---\nP1: x\n';
    const docs = [Buffer.from(t), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]), utf16(t, false), utf16(t, true)].map((b) => parseDocument(b, 'a.txt'));
    for (const d of docs) expect(d).toEqual(docs[0]);
  });
  it('invalid UTF-8 names the file and the byte offset', () => {
    const bytes = Buffer.concat([Buffer.from('P1: caf'), Buffer.from([0xe9]), Buffer.from(' ok')]);
    expect(() => decode(bytes, 'x.txt')).toThrow(/invalid UTF-8 at byte offset 7/);
    try {
      decode(bytes, 'x.txt');
    } catch (e) {
      expect((e as AdmError).file).toBe('x.txt');
    }
  });
  it('UTF-16 without a BOM is refused with a reason', () => {
    expect(() => decode(Buffer.from('P1: hello there\n', 'utf16le'), 'x.txt')).toThrow(/UTF-16 LE without a byte-order mark/);
  });
  it('NUL-only and binary files are "not text"', () => {
    expect(() => decode(Buffer.alloc(100), 'x')).toThrow(/only NUL bytes/);
    expect(() => decode(Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3, 0xff, 0x10]), 'x')).toThrow(/not a text file/);
  });
  it('firstInvalidUtf8 finds overlong, surrogate and truncated sequences', () => {
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from('héllo 東京 𝐀'))).toBe(Buffer.from('héllo 東京 𝐀').length);
  });
  it('property: decode either returns text or throws AdmError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decode(bytes, 'f');
        } catch (e) {
          expect(e).toBeInstanceOf(AdmError);
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('property: valid UTF-8 text always decodes to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0') && !s.startsWith('\ufeff')), (s) => {
        expect(decode(Buffer.from(s), 'f').text).toBe(s);
      }),
    );
  });
});

describe('line ends', () => {
  it('LF, CRLF and CR all split lines; a final line end adds no line', () => {
    expect(splitLines('a\nb\r\nc\rd\n')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('a\n\nb')).toEqual(['a', '', 'b']);
  });
  it('property: changing line ends does not change the lines', () => {
    fc.assert(
      fc.property(fc.array(fc.string().map((s) => s.replace(/[\r\n]/g, '')), { minLength: 1, maxLength: 20 }), (lines) => {
        const lf = splitLines(lines.join('\n'));
        expect(splitLines(lines.join('\r\n'))).toEqual(lf);
        expect(splitLines(lines.join('\r'))).toEqual(lf);
      }),
    );
  });
});

describe('front matter', () => {
  it('sets id, group, interviewer and speakers; other keys are kept', () => {
    const d = parseDocument(Buffer.from('---\nid: INT-07\ngroup: service-lead\ninterviewer: Dr Jones\nspeakers: {P1: FG1-P1}\ndate: 2023-05-01\n---\nP1: x'), 'f.txt');
    expect(d.meta).toMatchObject({ id: 'INT-07', group: 'service-lead', interviewer: ['Dr Jones'], speakers: { P1: 'FG1-P1' } });
    expect(d.firstLine).toBe(8);
  });
  it('a YAML error is reported at its line in the transcript', () => {
    expect(() => parseDocument(Buffer.from('---\nid: A\ngroup: [x\n---\nP1: y'), 't.txt')).toThrowError(expect.objectContaining({ file: 't.txt', line: 3 }));
  });
  it('an unclosed block is an error at line 1', () => {
    expect(() => parseDocument(Buffer.from('---\nid: A\nP1: y'), 't.txt')).toThrow(/never closed/);
  });
  it('wrong types are errors', () => {
    expect(() => parseDocument(Buffer.from('---\nspeakers: [a, b]\n---\n'), 't.txt')).toThrow(/`speakers` must map/);
    expect(() => parseDocument(Buffer.from('---\ninterviewer: {a: 1}\n---\n'), 't.txt')).toThrow(/`interviewer` must be/);
  });
});
