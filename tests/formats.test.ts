// Readers of structured transcript formats (.vtt, .srt, .docx) and metadata sidecars: each turns
// its file into the same Document a .txt transcript gives, so that one segmenter gives every
// format the same meaning.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document as DocxDocument, Packer, Paragraph, Table, TableCell, TableRow, TextRun, FootnoteReferenceRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { AdmError } from '../src/cli/errors.js';
import { parseDocument } from '../src/read/index.js';
import { parseDocx } from '../src/read/docx.js';
import { applySidecar, readSidecar, sidecarPath } from '../src/read/sidecar.js';
import { parseSrt } from '../src/read/srt.js';
import { parseVtt } from '../src/read/vtt.js';
import { segment } from '../src/segment/index.js';
import type { Document } from '../src/types.js';
import { tmp } from './helpers.js';

const FORMATS = path.join(import.meta.dirname, 'fixtures', 'formats');
const fixture = (rel: string) => readFileSync(path.join(FORMATS, rel));
const text = (rel: string) => fixture(rel).toString('utf8');

/** The error a function throws (sync or async), for checking its fields. */
async function caught(f: () => unknown): Promise<AdmError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(AdmError);
    return e as AdmError;
  }
  throw new Error('expected an error');
}

const TURNS = [
  'Interviewer: Do you feel that your contribution is valued by psychological therapies?',
  'P1: Valued, yes, but not understood. Psychology is hierarchical and we are not at the top.',
  'Interviewer: What about leadership roles for arts therapists?',
  'P1: There is a glass ceiling. Leadership posts go to psychologists & nurses.',
  'Interviewer: And the NICE guidelines?',
  'P1: The NICE guidelines hardly mention us, so commissioners overlook the work.',
];
const STARTS = ['00:00:01.000', '00:00:06.000', '00:00:13.000', '00:00:16.500', '00:00:22.000', '00:00:24.500'];
const timed = TURNS.map((t, i) => `[${STARTS[i]}] ${t}`);

describe('WebVTT reader', () => {
  it('Teams voice tags: one line per turn, numbered with the first cue timing line', () => {
    const doc = parseVtt(text('vtt/interview.vtt'), 'vtt/interview.vtt');
    expect(doc).toEqual({
      path: 'vtt/interview.vtt',
      id: 'interview',
      meta: {},
      lines: timed,
      firstLine: 13,
      lineNumbers: [13, 17, 25, 29, 33, 37],
      labels: ['Interviewer', 'P1'],
    });
  });
  it('merges consecutive cues of one speaker (texts joined by a space, start of the first cue)', () => {
    const doc = parseVtt(text('vtt/interview.vtt'), 'v.vtt');
    // Cues at lines 17 and 21 are both P1's.
    expect(doc.lines[1]).toBe('[00:00:06.000] P1: Valued, yes, but not understood. Psychology is hierarchical and we are not at the top.');
    expect(doc.lineNumbers![1]).toBe(17);
  });
  it('ignores NOTE, STYLE and REGION blocks and header settings', () => {
    const doc = parseVtt(text('vtt/interview.vtt'), 'v.vtt');
    expect(doc.lines.join('\n')).not.toMatch(/P9|NOTE|cue\(|Kind/);
    expect(doc.labels).not.toContain('P9');
    const v = 'WEBVTT - a title\n\nREGION\nid:fred\nwidth:40%\n\nNOTE one line note\n\n00:01.000 --> 00:02.000 region:fred\n<v Ann>Hi.\n';
    expect(parseVtt(v, 'x.vtt').lines).toEqual(['[00:01.000] Ann: Hi.']);
  });
  it('strips tags, inline timestamps and class spans; decodes character references', () => {
    const v = [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:02.000',
      '<v.loud.first Jane Smith><i>Glass</i> <b>ceiling</b> &amp; <c.yellow>NICE</c> &lt;guidelines&gt;&nbsp;here<00:00:01.500> caf&#233; &#x2014; ok</v>',
    ].join('\n');
    const doc = parseVtt(v, 'x.vtt');
    expect(doc.lines).toEqual(['[00:00:01.000] Jane Smith: Glass ceiling & NICE <guidelines>\u00a0here café — ok']);
    expect(doc.labels).toEqual(['Jane Smith']);
  });
  it('several voices in one cue, an unclosed voice span, and text with no voice', () => {
    const v = 'WEBVTT\n\n00:01.000 --> 00:03.000\nIntro music\n\n00:03.000 --> 00:05.000\n<v A>Yes.</v> <v B>No.</v>\n\n00:05.000 --> 00:06.000\n<v B>Well\n\n00:06.000 --> 00:07.000\nperhaps.\n';
    const doc = parseVtt(v, 'x.vtt');
    expect(doc.lines).toEqual(['Intro music', '[00:03.000] A: Yes.', '[00:03.000] B: No. Well perhaps.']);
    expect(doc.lineNumbers).toEqual([3, 6, 6]);
    expect(doc.labels).toEqual(['A', 'B']);
  });
  it('Zoom style `Name: text` gives the same turns as voice tags', () => {
    const doc = parseVtt(text('vtt-zoom/interview.vtt'), 'vtt-zoom/interview.vtt');
    expect(doc.lines).toEqual(timed);
    expect(doc.lineNumbers).toEqual([4, 8, 16, 20, 24, 28]);
    expect(doc.labels).toEqual(['Interviewer', 'P1']);
  });
  it('Zoom names of any shape count when they recur; a colon inside a sentence does not start a turn', () => {
    const v = [
      'WEBVTT', '',
      '1', '00:00:01.000 --> 00:00:02.000', 'jane smith: hello there', '',
      '2', '00:00:02.000 --> 00:00:03.000', 'What matters is this: we lead.', '',
      '3', '00:00:03.000 --> 00:00:04.000', 'Bob O\'Neil (he/him): hi', '',
      '4', '00:00:04.000 --> 00:00:05.000', 'jane smith: bye', '',
    ].join('\n');
    const doc = parseVtt(v, 'x.vtt');
    expect(doc.lines).toEqual([
      '[00:00:01.000] jane smith: hello there What matters is this: we lead.',
      "[00:00:03.000] Bob O'Neil (he/him): hi",
      '[00:00:04.000] jane smith: bye',
    ]);
    expect(doc.labels).toEqual(['jane smith', "Bob O'Neil (he/him)"]);
  });
  it('a colon in a voice name is replaced, since a label ends at its first colon', () => {
    expect(parseVtt('WEBVTT\n\n00:01.000 --> 00:02.000\n<v Room 1: Ann>Hi</v>\n', 'x.vtt').lines).toEqual(['[00:01.000] Room 1. Ann: Hi']);
  });
  it('accepts a BOM, CRLF line ends and cue identifiers', () => {
    const doc = parseVtt('\ufeffWEBVTT\r\n\r\nintro-1\r\n00:00:01.000 --> 00:00:02.000\r\n<v P1>Hello\r\n', 'x.vtt');
    expect(doc.lines).toEqual(['[00:00:01.000] P1: Hello']);
    expect(doc.lineNumbers).toEqual([4]);
  });
  it('a missing WEBVTT header is an error at line 1 naming the file', async () => {
    for (const bad of ['', '00:00:01.000 --> 00:00:02.000\nhi\n', 'WEBVTTX\n', 'webvtt\n']) {
      const e = await caught(() => parseVtt(bad, 'talks/a.vtt'));
      expect([e.file, e.line]).toEqual(['talks/a.vtt', 1]);
      expect(e.message).toMatch(/WEBVTT/);
    }
  });
  it('a cue without a timing line, or a bad timing, is an error at its line', async () => {
    let e = await caught(() => parseVtt('WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\nsome text\nmore\n', 'a.vtt'));
    expect([e.file, e.line]).toEqual(['a.vtt', 6]);
    e = await caught(() => parseVtt('WEBVTT\n\nid\n00:01 --> 00:02\nok\n', 'a.vtt'));
    expect([e.line, e.message]).toEqual([4, expect.stringMatching(/bad cue timing/)]);
  });
});

describe('SubRip reader', () => {
  it('`Speaker: text` cues; a cue without a speaker continues the turn; wrapped lines join', () => {
    const doc = parseSrt(text('srt/interview.srt'), 'srt/interview.srt');
    expect(doc).toEqual({
      path: 'srt/interview.srt',
      id: 'interview',
      meta: {},
      lines: timed,
      firstLine: 2,
      lineNumbers: [2, 7, 15, 19, 23, 27],
      labels: ['Interviewer', 'P1'],
    });
  });
  it('`[Speaker] text`, `SPEAKER 1: text`, `>> NAME: text`; sounds in brackets are not speakers', () => {
    const s = [
      '1', '00:00:01,000 --> 00:00:02,000', '[Interviewer] How is leadership shared?', '',
      '2', '00:00:02,000 --> 00:00:03,000', 'SPEAKER 1: Not equally.', '',
      '3', '00:00:03,000 --> 00:00:04,000', '[laughs] It is hierarchical.', '',
      '4', '00:00:04,000 --> 00:00:05,000', '>> DR JONES: Quite.', '',
      '5', '00:00:05,000 --> 00:00:06,000', '[Laughter]', '',
    ].join('\n');
    const doc = parseSrt(s, 'x.srt');
    expect(doc.lines).toEqual([
      '[00:00:01.000] Interviewer: How is leadership shared?',
      '[00:00:02.000] SPEAKER 1: Not equally. [laughs] It is hierarchical.',
      '[00:00:04.000] DR JONES: Quite. [Laughter]',
    ]);
    expect(doc.lineNumbers).toEqual([2, 6, 14]);
    expect(doc.labels).toEqual(['Interviewer', 'SPEAKER 1', 'DR JONES']);
  });
  it('writes starts as hh:mm:ss.mmm; strips <i>, <font> and {\\an8}; decodes &amp;', () => {
    const s = '7\n0:01:02,5 --> 0:01:04,000 X1:10\n{\\an8}<font color="#fff">P1:</font> <i>glass</i> ceiling &amp; a <3\n';
    const doc = parseSrt(s, 'x.srt');
    expect(doc.lines).toEqual(['[00:01:02.500] P1: glass ceiling & a <3']);
  });
  it('tolerates a missing cue number, a missing blank line between cues, CRLF and a BOM', () => {
    const s = '\ufeff00:00:01,000 --> 00:00:02,000\r\nP1: one\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\nP2: two\r\n';
    const doc = parseSrt(s, 'x.srt');
    expect(doc.lines).toEqual(['[00:00:01.000] P1: one', '[00:00:02.000] P2: two']);
    expect(doc.lineNumbers).toEqual([1, 4]);
  });
  it('a block that is not a cue, or a bad timing, is an error at its line', async () => {
    let e = await caught(() => parseSrt('1\n00:00:01,000 --> 00:00:02,000\nok\n\nhello\nthere\n', 'a.srt'));
    expect([e.file, e.line]).toEqual(['a.srt', 5]);
    e = await caught(() => parseSrt('1\n00:01 --> 00:02\nok\n', 'a.srt'));
    expect([e.file, e.line, e.message]).toEqual(['a.srt', 2, expect.stringMatching(/bad cue timing/)]);
  });
});

/** A .docx built in memory with the `docx` package. */
async function docx(children: Array<Paragraph | Table>): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(new DocxDocument({ sections: [{ children }] })));
}
const p = (...runs: Array<string | TextRun>) => new Paragraph({ children: runs.map((r) => (typeof r === 'string' ? new TextRun(r) : r)) });
const b = (t: string) => new TextRun({ text: t, bold: true });

describe('Word (.docx) reader', () => {
  it('bold labels (`Label:`, `Label` then `:`, `Label` then a tab); paragraphs numbered from 1, empty ones too', async () => {
    const doc = await parseDocx(fixture('docx/interview.docx'), 'docx/interview.docx');
    expect(doc).toEqual({
      path: 'docx/interview.docx',
      id: 'interview',
      meta: {},
      lines: [
        'Interview FMT-01 (service lead)',
        '',
        TURNS[0],
        'P1: Valued, yes, but not understood. Psychology is hierarchical',
        'and we are not at the top.',
        '',
        ...TURNS.slice(2),
      ],
      firstLine: 1,
      lineNumbers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      labels: ['Interviewer', 'P1'],
    });
  });
  it('a two-column table: one line per row, header row skipped (it still counts), cell paragraphs joined', async () => {
    const doc = await parseDocx(fixture('docx-table/interview.docx'), 'docx-table/interview.docx');
    expect(doc.lines).toEqual(['Interview FMT-01 (service lead)', ...TURNS]);
    expect(doc.lineNumbers).toEqual([1, 3, 4, 5, 6, 7, 8]);
    expect(doc.labels).toEqual(['Interviewer', 'P1']);
  });
  it('front matter in the first paragraphs is read as in a .txt file', async () => {
    const bytes = await docx([p(''), p('---'), p('id: INT-07'), p('group: service-lead'), p('---'), p(b('P07:'), ' Hello.')]);
    const doc = await parseDocx(bytes, 'a.docx');
    expect([doc.id, doc.meta, doc.lines, doc.lineNumbers]).toEqual(['INT-07', { id: 'INT-07', group: 'service-lead' }, ['P07: Hello.'], [6]]);
  });
  it('a front matter error names the file and the paragraph', async () => {
    const bytes = await docx([p('---'), p('id: [unclosed'), p('---'), p('P1: x')]);
    const e = await caught(() => parseDocx(bytes, 'a.docx'));
    expect(e.file).toBe('a.docx');
    expect(e.line).toBeGreaterThanOrEqual(2);
    expect(e.message).toMatch(/^front matter/);
    const open = await caught(async () => parseDocx(await docx([p('---'), p('id: X')]), 'b.docx'));
    expect([open.file, open.line]).toEqual(['b.docx', 1]);
  });
  it('plain `Label<TAB>text`, a time column, the whole turn in bold, a time after a bold label', async () => {
    const bytes = await docx([
      p('Interviewer\tWhat about leadership?'),
      p('00:01:02\tP1\tThere is a glass ceiling.'),
      p(b('Interviewer: And the NICE guidelines?')),
      p(b('P1 (00:01:30):'), ' Hardly.'),
      p('\tAn indented paragraph continues.'),
    ]);
    const doc = await parseDocx(bytes, 'a.docx');
    expect(doc.lines).toEqual([
      'Interviewer: What about leadership?',
      '[00:01:02] P1: There is a glass ceiling.',
      'Interviewer: And the NICE guidelines?',
      '[00:01:30] P1: Hardly.',
      '\tAn indented paragraph continues.',
    ]);
    expect(doc.labels).toEqual(['Interviewer', 'P1']);
  });
  it('a bold word opening a paragraph is a label only when it opens several paragraphs', async () => {
    const emphasis = await parseDocx(await docx([p(b('P1:'), ' Yes.'), p(b('Never'), ' had I felt so valued.')]), 'a.docx');
    expect(emphasis.lines).toEqual(['P1: Yes.', 'Never had I felt so valued.']);
    const labels = await docx([p(b('jane smith'), ' Hello.'), p(b('Bob'), ' Hi.'), p(b('jane smith'), ' Bye.'), p(b('Bob'), ' Bye.')]);
    expect((await parseDocx(labels, 'b.docx')).lines).toEqual(['jane smith: Hello.', 'Bob: Hi.', 'jane smith: Bye.', 'Bob: Bye.']);
  });
  it('a bold label alone on its paragraph (Otter: `Speaker 1  0:03`), text in the next ones', async () => {
    const bytes = await docx([p(b('Speaker 1'), '  0:03'), p('I lead the service.'), p(b('Speaker 2'), '  0:09'), p('Thanks.'), p(b('Speaker 1')), p('Bye.')]);
    const doc = await parseDocx(bytes, 'a.docx');
    expect(doc.lines).toEqual(['[0:03] Speaker 1:', 'I lead the service.', '[0:09] Speaker 2:', 'Thanks.', 'Speaker 1:', 'Bye.']);
    expect(doc.labels).toEqual(['Speaker 1', 'Speaker 2']);
  });
  it('a one-off bold heading is not a label', async () => {
    const doc = await parseDocx(await docx([p(b('Introduction')), p('P1: text')]), 'a.docx');
    expect(doc.lines).toEqual(['Introduction', 'P1: text']);
  });
  it('soft line breaks split a paragraph into lines with the same number; entities decoded; footnote marks dropped', async () => {
    const bytes = new Uint8Array(
      await Packer.toBuffer(
        new DocxDocument({
          footnotes: { 1: { children: [new Paragraph('A footnote that is not transcript text.')] } },
          sections: [
            {
              children: [
                new Paragraph({ children: [new TextRun('Interviewer: Is it <hierarchical> & "rigid"?'), new TextRun({ text: 'P1: Very.', break: 1 }), new FootnoteReferenceRun(1)] }),
                p('P1: Next.'),
              ],
            },
          ],
        }),
      ),
    );
    const doc = await parseDocx(bytes, 'a.docx');
    expect(doc.lines).toEqual(['Interviewer: Is it <hierarchical> & "rigid"?', 'P1: Very.', 'P1: Next.']);
    expect(doc.lineNumbers).toEqual([1, 1, 2]);
  });
  it('a table that is not a transcript gives one line per row; an empty speaker cell continues the turn', async () => {
    const cell = (t: string) => new TableCell({ children: [new Paragraph(t)] });
    const row = (...c: string[]) => new TableRow({ children: c.map(cell) });
    const facts = await parseDocx(await docx([new Table({ rows: [row('Age', '45'), row('Role', 'Lead')] })]), 'a.docx');
    expect(facts.lines).toEqual(['Age 45', 'Role Lead']);
    expect(facts.labels).toEqual([]);
    const timed3 = await parseDocx(
      await docx([new Table({ rows: [row('Time', 'Speaker', 'Transcript'), row('00:01', 'Jane Smith', 'Hello.'), row('', '', 'Still Jane.'), row('00:05', 'Bob', 'Hi.')] })]),
      'b.docx',
    );
    expect(timed3.lines).toEqual(['[00:01] Jane Smith: Hello.', 'Still Jane.', '[00:05] Bob: Hi.']);
    expect(timed3.lineNumbers).toEqual([2, 3, 4]);
  });
  it('a corrupt or non-docx file is an AdmError naming the file', async () => {
    const good = fixture('docx/interview.docx');
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array(), /empty/],
      [new TextEncoder().encode('P1: just text renamed to .docx'), /not a zip archive/],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), /old Word \.doc/],
      [good.subarray(0, Math.floor(good.length / 2)), /damaged zip archive/],
    ];
    for (const [bytes, reason] of cases) {
      const e = await caught(() => parseDocx(bytes, 'talks/broken.docx'));
      expect(e.file).toBe('talks/broken.docx');
      expect(e.message).toMatch(/^not a readable \.docx file \(/);
      expect(e.message).toMatch(reason);
      expect(e.format()).not.toMatch(/\n/);
    }
    // A zip archive without word/document.xml: rename that entry in the zip headers.
    const renamed = Buffer.from(Buffer.from(good).toString('latin1').split('word/document.xml').join('word/documenX.xml'), 'latin1');
    const e = await caught(() => parseDocx(renamed, 'talks/other.docx'));
    expect([e.file, e.message]).toEqual(['talks/other.docx', expect.stringMatching(/^not a readable \.docx file \(no word\/document\.xml inside/)]);
  });
});

describe('metadata sidecars', () => {
  it('NAME.ext → NAME.meta.yaml beside it', () => {
    expect(sidecarPath('talks/INT-07.vtt')).toBe(path.join('talks', 'INT-07.meta.yaml'));
    expect(sidecarPath('a.b.docx')).toBe('a.b.meta.yaml');
  });
  it('reads the sidecar as front matter; none → null', async () => {
    expect(await readSidecar(path.join(FORMATS, 'vtt', 'interview.vtt'), 'vtt/interview.vtt')).toEqual({ id: 'FMT-vtt', group: 'service-lead' });
    expect(await readSidecar(path.join(FORMATS, 'txt', 'interview.txt'), 'txt/interview.txt')).toBeNull();
  });
  it('errors name the sidecar, with its own line numbers', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'a.srt'), '');
    writeFileSync(path.join(dir, 'a.meta.yaml'), '# sidecar\nid: A\nid: B\n');
    const e = await caught(() => readSidecar(path.join(dir, 'a.srt'), 'in/a.srt'));
    expect(e.file).toBe(path.join('in', 'a.meta.yaml'));
    expect(e.line).toBe(3);
    writeFileSync(path.join(dir, 'a.meta.yaml'), 'id: A\nspeakers: P1\n');
    expect((await caught(() => readSidecar(path.join(dir, 'a.srt'), 'a.srt'))).line).toBe(2);
    mkdirSync(path.join(dir, 'b.meta.yaml'));
    expect((await caught(() => readSidecar(path.join(dir, 'b.vtt'), 'b.vtt'))).message).toMatch(/folder/);
  });
  it('the sidecar wins over front matter key by key', () => {
    const doc = parseDocument(new TextEncoder().encode('---\nid: X\ngroup: g1\ninterviewer: [Int]\n---\nInt: q\n'), 'talks/x.txt');
    const merged = applySidecar(doc, { group: 'g2', speakers: { P1: 'FG1-P1' } });
    expect(merged.id).toBe('X');
    expect(merged.meta).toEqual({ id: 'X', group: 'g2', interviewer: ['Int'], speakers: { P1: 'FG1-P1' } });
    expect(applySidecar(doc, { id: 'Y' }).id).toBe('Y');
    expect(applySidecar(doc, null)).toBe(doc);
  });
});

describe('every format gives the same turns', () => {
  const read = async (rel: string): Promise<Document> => {
    const abs = path.join(FORMATS, rel);
    const bytes = readFileSync(abs);
    const ext = path.extname(rel);
    const doc =
      ext === '.vtt' ? parseVtt(bytes.toString('utf8'), rel)
      : ext === '.srt' ? parseSrt(bytes.toString('utf8'), rel)
      : ext === '.docx' ? await parseDocx(bytes, rel)
      : parseDocument(bytes, rel);
    return applySidecar(doc, await readSidecar(abs, rel));
  };
  // Continuation lines join with a line break in .txt and .docx, with a space in cue formats.
  // Each format has its own document id (FMT-txt, FMT-vtt, …) so that one folder can hold them all.
  const turns = (doc: Document) =>
    segment(doc, {}).map((s) => ({ group: s.documentGroup, speaker: s.speaker, interviewer: s.interviewer, text: s.text.replace(/\s+/g, ' ') }));

  it.each(['vtt/interview.vtt', 'vtt-zoom/interview.vtt', 'srt/interview.srt', 'docx/interview.docx', 'docx-table/interview.docx'])('%s = txt/interview.txt', async (rel) => {
    const expected = turns(await read('txt/interview.txt'));
    expect(expected).toHaveLength(6);
    expect((await read(rel)).id).toBe(`FMT-${rel.split('/')[0]}`);
    expect(expected[1]).toEqual({ group: 'service-lead', speaker: 'P1', interviewer: false, text: 'Valued, yes, but not understood. Psychology is hierarchical and we are not at the top.' });
    expect(turns(await read(rel))).toEqual(expected);
  });
  it('cue formats keep each turn start', async () => {
    for (const rel of ['vtt/interview.vtt', 'srt/interview.srt']) {
      expect(segment(await read(rel), {}).map((s) => s.start)).toEqual(STARTS);
    }
  });
});
