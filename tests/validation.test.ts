// The validation set (tests/validation/) is well-formed (`agree` refuses codes that point at no
// participant turn or no theme), and the README's validation table is exactly what
// `adm-code agree --auto` prints today, so the table cannot drift from the codebook.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, read, ROOT, tmp } from './helpers.js';

const ARGS = ['agree', 'tests/validation/transcripts', '--codings', 'tests/validation/codings.csv', '--auto', '--quiet'];

describe('validation set', () => {
  const r = cli([...ARGS, '--format', 'csv']);
  const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
  it('every hand code points at a participant turn and a known theme', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(rows.length).toBeGreaterThan(20);
  });
  it('the second, independent coding (of batch 3, VAL-12 … VAL-23) points at the same turns and known themes', () => {
    // Batch 3 only: its transcripts, and the first coding's rows for them.
    const batch3 = (doc: string) => Number(doc.slice(4)) <= 23;
    const dir = path.join(ROOT, 'tests', 'validation');
    const files = readdirSync(path.join(dir, 'transcripts')).filter((f) => batch3(f.replace(/\.\w+$/, ''))).map((f) => path.join(dir, 'transcripts', f));
    expect(files).toHaveLength(12);
    const first = read(path.join(dir, 'codings.csv')).split('\n').filter((l, i) => i === 0 || (l !== '' && batch3(l.split(',')[0]!)));
    const firstFile = path.join(tmp(), 'codings-batch3.csv');
    writeFileSync(firstFile, first.join('\n') + '\n');
    const two = cli(['agree', ...files, '--codings', firstFile, '--codings', 'tests/validation/codings-second.csv', '--quiet', '--format', 'csv']);
    expect(two.code, two.stderr).toBe(0);
    const all = (parse(two.stdout, { columns: true }) as Array<Record<string, string>>).find((row) => row.theme === 'all')!;
    // The figures tests/validation/README.md quotes.
    expect([all.both, all.only_a, all.only_b, all.kappa]).toEqual(['259', '1', '4', '0.990']);
  });
  it("the README's validation table matches the codebook's current scores", () => {
    const readme = read(path.join(ROOT, 'README.md'));
    const md = cli([...ARGS, '--format', 'md']).stdout;
    const table = md.slice(md.indexOf('| theme |')).trim();
    expect(readme).toContain(table);
  });
});

describe('development set', () => {
  const DEV = path.join(ROOT, 'tests', 'development');
  it('every hand code points at a participant turn and a known theme', () => {
    const r = cli(['agree', 'tests/development/transcripts', '--codings', 'tests/development/codings.csv', '--codings', 'tests/development/codings.csv', '--quiet', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
  });
  it("its README's counts table is what codings.csv holds", () => {
    const rows = parse(read(path.join(DEV, 'codings.csv')), { columns: true }) as Array<Record<string, string>>;
    const readme = read(path.join(DEV, 'README.md'));
    const lines = readme.split('\n').filter((l) => /^\| (\*\*)?[a-z-]+(\*\*)?( \(derived\))? \| \d/.test(l));
    expect(lines.length).toBe(28);
    // Batches as the table's columns: whole set, DEV-01–06, 07–12, 13–30, 31–48, VAL-01–11, DEV-49–60, 61–66, 67–72, 73–78, 79–84.
    const batch = (doc: string) => {
      const n = Number(doc.split('-')[1]);
      return doc.startsWith('VAL') ? 5 : n <= 6 ? 1 : n <= 12 ? 2 : n <= 30 ? 3 : n <= 48 ? 4 : n <= 60 ? 6 : n <= 66 ? 7 : n <= 72 ? 8 : n <= 78 ? 9 : 10;
    };
    let family = '';
    const familyOf = new Map<string, string>();
    for (const l of lines) {
      const name = /^\| (\*\*)?([a-z-]+)/.exec(l)![2]!;
      if (l.includes('(derived)')) family = name;
      else familyOf.set(name, family);
    }
    for (const l of lines) {
      const name = /^\| (\*\*)?([a-z-]+)/.exec(l)![2]!;
      const derived = l.includes('(derived)');
      const counts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((b) => {
        const mine = rows.filter((r) => (derived ? familyOf.get(r.theme!) === name : r.theme === name) && (b === 0 || batch(r.document!) === b));
        return new Set(mine.map((r) => r.segment)).size;
      });
      expect(l, name).toBe(`| ${derived ? `**${name}** (derived)` : name} | ${counts.join(' | ')} |`);
    }
  });
});
