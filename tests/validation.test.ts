// The validation set (tests/validation/) is well-formed (`agree` refuses codes that point at no
// participant turn or no theme), and the README's validation table is exactly what
// `adm-code agree --auto` prints today, so the table cannot drift from the codebook.
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, read, ROOT } from './helpers.js';

const ARGS = ['agree', 'tests/validation/transcripts', '--codings', 'tests/validation/codings.csv', '--auto', '--quiet'];

describe('validation set', () => {
  const r = cli([...ARGS, '--format', 'csv']);
  const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
  it('every hand code points at a participant turn and a known theme', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(rows.length).toBeGreaterThan(20);
  });
  it('the second, independent coding points at the same turns and known themes', () => {
    const two = cli(['agree', 'tests/validation/transcripts', '--codings', 'tests/validation/codings.csv', '--codings', 'tests/validation/codings-second.csv', '--quiet', '--format', 'csv']);
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
