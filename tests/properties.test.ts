// Counts never change with file order, folder layout or line endings; output is byte-identical
// run to run; the reader and segmenter never throw anything but a clear error on arbitrary bytes.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdmError } from '../src/cli/errors.js';
import { parseDocument } from '../src/read/index.js';
import { parseFrontMatter, simpleFrontMatter, yamlFrontMatter } from '../src/read/frontmatter.js';
import { segment } from '../src/segment/index.js';
import { cli, MINI, tmp } from './helpers.js';

const T = path.join(MINI, 'transcripts');
const CB = path.join(MINI, 'codebook.yaml');
const SHEET = path.join(T, 'participants.csv');
const names = readdirSync(T).filter((f) => /\.(txt|md)$/.test(f)).sort();
const tally = (args: string[]) => cli(['tally', ...args, '-c', CB, '-a', SHEET, '-f', 'csv', '-q']).stdout;
const reference = tally([T]);
const referenceCode = cli(['code', T, '-c', CB, '-f', 'csv', '-q']).stdout;

describe('properties of whole runs', () => {
  it('shuffling the files and splitting them across folders never changes a count', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(names, { minLength: names.length, maxLength: names.length }), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: names.length, maxLength: names.length }), (order, folders) => {
        const dir = tmp();
        const args: string[] = [];
        order.forEach((f, i) => {
          const sub = path.join(dir, `part-${folders[i]}`, i % 2 ? 'deeper' : '');
          mkdirSync(sub, { recursive: true });
          writeFileSync(path.join(sub, f), readFileSync(path.join(T, f)));
          args.push(path.join(sub, f));
        });
        expect(tally(args)).toBe(reference);
        expect(tally(readdirSync(dir).map((d) => path.join(dir, d)))).toBe(reference);
      }),
      { numRuns: 6 },
    );
  });

  it('changing the line endings never changes a count or a line number', () => {
    for (const eol of ['\r\n', '\r', '\n']) {
      const dir = tmp();
      cpSync(T, dir, { recursive: true });
      for (const f of names.filter((n) => n !== 'INT-03.txt')) {
        const text = readFileSync(path.join(T, f), 'utf8');
        writeFileSync(path.join(dir, f), text.replace(/\r\n|\r|\n/g, eol));
      }
      expect(tally([dir])).toBe(reference);
      const code = cli(['code', dir, '-c', CB, '-f', 'csv', '-q']).stdout;
      // Same rows; the turn text itself keeps LF inside cells (lines are joined with LF).
      expect(code).toBe(referenceCode);
    }
  });

  it('tally output is byte-identical across runs, in every format', () => {
    for (const format of ['csv', 'tsv', 'json', 'md', 'table']) {
      const a = cli(['tally', T, '-c', CB, '-f', format, '-q']).stdout;
      const b = cli(['tally', T, '-c', CB, '-f', format, '-q']).stdout;
      expect(a.length).toBeGreaterThan(100);
      expect(a).toBe(b);
    }
  });
});

describe('reader and segmenter on arbitrary bytes', () => {
  it('return a document or throw a clear AdmError; segments always have ids, lines and text', () => {
    const fragments = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.constantFrom('---\n', 'id: X\n', 'P1: hello\n', '[00:01] Q: hi\n', '\r\n', '\ufeff', 'speakers: {P1: A}\n', '\0').map((s) => new TextEncoder().encode(s)),
    );
    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 20 }), (parts) => {
        const bytes = Buffer.concat(parts.map((p) => Buffer.from(p)));
        let doc;
        try {
          doc = parseDocument(bytes, 'fuzz.txt');
        } catch (e) {
          expect(e).toBeInstanceOf(AdmError);
          expect((e as AdmError).format()).toMatch(/^fuzz\.txt(:\d+(:\d+)?)?: \S/);
          return;
        }
        for (const s of segment(doc)) {
          expect(s.id).toBe(`${doc.id}#${s.index}`);
          expect(s.line).toBeGreaterThanOrEqual(doc.firstLine);
          expect(typeof s.text).toBe('string');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('front matter fast path', () => {
  it('reads exactly what the YAML parser reads, or leaves the block to it', () => {
    const piece = fc.constantFrom('id', 'group', 'interviewer', 'speakers', 'site', 'true', 'null', 'x-y', '_k', 'Id', '__proto__', 'a b', '1', '');
    const value = fc.constantFrom('INT-07', 'service-lead', 'Interviewer', 'Dr Smith', 'true', 'False', 'NULL', 'null', '007', '1.5', 'e.g.', 'a  b', 'x #c', 'a: b', "it's", '~', '', ' padded ', 'yes', 'no', '.inf', '[A, B]', '"q"', 'é', 'a\tb');
    const simple = fc.tuple(fc.constantFrom('id', 'group', 'interviewer', 'site', 'x-y', '_k'), fc.constantFrom('INT-07', 'service-lead', 'Interviewer', 'Dr Smith', 'e.g.', 'v1.2')).map(([k, v]) => `${k}: ${v}`);
    const line = fc.oneof(
      { arbitrary: simple, weight: 6 },
      fc.tuple(piece, value, fc.constantFrom(': ', ':  ', ':\t', ':', ' : '), fc.constantFrom('', ' ', '\t')).map(([k, v, sep, end]) => `${k}${sep}${v}${end}`),
      fc.constantFrom('', '# comment', '  indented: x', '- item', '  - item'),
    );
    let fastRuns = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const source = lines.join('\n');
        const run = (f: () => unknown) => {
          try {
            return { ok: f() };
          } catch (e) {
            return { error: (e as AdmError).format() };
          }
        };
        const fast = simpleFrontMatter(source);
        const viaYaml = run(() => yamlFrontMatter(source, 'f.md', 2));
        if (fast !== null && source.trim() !== '') fastRuns++;
        if (fast !== null) expect(viaYaml).toEqual({ ok: run(() => parseFrontMatter(source, 'f.md', 2)).ok });
        expect(run(() => parseFrontMatter(source, 'f.md', 2))).toEqual(viaYaml);
      }),
      { numRuns: 3000 },
    );
    expect(fastRuns).toBeGreaterThan(300); // the fast path itself was exercised
    expect(simpleFrontMatter('id: INT-07\ngroup: service-lead\n# note\ninterviewer: Dr Smith')).toEqual({ id: 'INT-07', group: 'service-lead', interviewer: 'Dr Smith' });
    expect(simpleFrontMatter('id: 007')).toBeNull();
    expect(simpleFrontMatter('group: true')).toBeNull();
  });
});
