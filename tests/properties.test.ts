// Counts never change with file order, folder layout or line endings; output is byte-identical
// run to run; the reader and segmenter never throw anything but a clear error on arbitrary bytes.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdmError } from '../src/cli/errors.js';
import { parseDocument } from '../src/read/index.js';
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
