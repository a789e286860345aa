// One fixture and one test per bad input (tests/bad-inputs/): the one-line message (with file and
// line where there is one), the exit code, no partial table on stdout, no output file created or
// overwritten, and no input file changed.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, folderState, MINI, read, ROOT, tmp } from './helpers.js';

const B = 'tests/bad-inputs';
const MT = 'tests/fixtures/mini/transcripts';
const MCB = 'tests/fixtures/mini/codebook.yaml';

interface Case {
  name: string;
  args: string[];
  code: number;
  /** The whole of stderr (one line), or for warnings the line that must be there. */
  stderr: RegExp;
  /** Warnings: the run succeeds and prints its table. */
  succeeds?: boolean;
  /** Lines on stderr for a failure (one per unreadable file, then a summary). */
  lines?: number;
}

const CASES: Case[] = [
  { name: 'YAML syntax error', args: ['tally', MT, '-c', `${B}/yaml-syntax.yaml`], code: 1, stderr: /^adm-code: tests\/bad-inputs\/yaml-syntax\.yaml:6:3: YAML: Flow sequence in block collection must be sufficiently indented and end with a \]\n$/ },
  { name: 'YAML alias bomb ("billion laughs")', args: ['tally', MT, '-c', `${B}/alias-bomb.yaml`], code: 1, stderr: /^adm-code: tests\/bad-inputs\/alias-bomb\.yaml:6:18: theme `t`: each example must be text, not a list \(through a YAML alias\)\n$/ },
  { name: 'theme cycle through an alias', args: ['tally', MT, '-c', `${B}/theme-cycle.yaml`], code: 1, stderr: /^adm-code: tests\/bad-inputs\/theme-cycle\.yaml:3:3: theme cycle: a theme contains itself through a YAML alias\n$/ },
  { name: 'duplicate theme id', args: ['tally', MT, '-c', `${B}/duplicate-id.yaml`], code: 1, stderr: /^adm-code: tests\/bad-inputs\/duplicate-id\.yaml:8:3: duplicate theme id `posts` \(first defined at line 6\)\n$/ },
  { name: 'bad codebook and missing transcripts: the codebook is reported first', args: ['tally', 'no/such/file.txt', '-c', `${B}/duplicate-id.yaml`], code: 1, stderr: /^adm-code: tests\/bad-inputs\/duplicate-id\.yaml:8:3: duplicate theme id `posts` \(first defined at line 6\)\n$/ },
  { name: 'invalid regex', args: ['tally', MT, '-c', `${B}/invalid-regex.yaml`], code: 1, stderr: /^adm-code: tests\/bad-inputs\/invalid-regex\.yaml:6:9: theme `a`: pattern \/not \(seen\|treated as equals\?\/i is not a valid regular expression: Unterminated group\n$/ },
  { name: 'catastrophically backtracking regex (refused at load)', args: ['tally', MT, '-c', `${B}/catastrophic-regex.yaml`], code: 1, stderr: /^adm-code: tests\/bad-inputs\/catastrophic-regex\.yaml:5:9: theme `a`: pattern \/\(a\+\)\+\$\/ is refused: a repeated group contains another unbounded repetition \(\(a\+\)\+\), which can take exponential time; rewrite it without the nesting\n$/ },
  { name: 'file of NUL bytes (reported; nothing written)', args: ['tally', `${B}/nul-bytes.txt`, `${MT}/INT-01.txt`, '-c', MCB], code: 1, lines: 2, stderr: /^adm-code: tests\/bad-inputs\/nul-bytes\.txt: not a text file \(only NUL bytes\)\nadm-code: 1 file could not be read; nothing was written \(add --skip-bad to leave it out\)\n$/ },
  { name: 'invalid UTF-8 (file and byte offset)', args: ['tally', `${B}/invalid-utf8.txt`, '-c', MCB], code: 1, lines: 2, stderr: /^adm-code: tests\/bad-inputs\/invalid-utf8\.txt: invalid UTF-8 at byte offset 40; save the file as UTF-8 \(it may be Windows-1252 or Latin-1\)\nadm-code: 1 file could not be read/ },
  { name: 'UTF-16 without BOM', args: ['tally', `${B}/utf16-no-bom.txt`, '-c', MCB], code: 1, lines: 2, stderr: /^adm-code: tests\/bad-inputs\/utf16-no-bom\.txt: looks like UTF-16 LE without a byte-order mark; save it as UTF-8 \(or UTF-16 with BOM\)\nadm-code: 1 file could not be read/ },
  { name: 'empty transcript (warning: nothing coded)', args: ['tally', `${B}/empty.txt`, MT, '-c', MCB], code: 0, succeeds: true, stderr: /^adm-code: warning: tests\/bad-inputs\/empty\.txt: no speaker turns found \(lines like `P07: text`\); nothing coded$/m },
  { name: 'transcript with no speaker labels (warning: nothing coded)', args: ['tally', `${B}/no-labels.txt`, MT, '-c', MCB], code: 0, succeeds: true, stderr: /^adm-code: warning: tests\/bad-inputs\/no-labels\.txt: no speaker turns found \(lines like `P07: text`\); nothing coded$/m },
  { name: 'participants sheet: duplicate id', args: ['tally', `${MT}/INT-01.txt`, '-c', MCB, '-a', `${B}/sheet-duplicate-id.csv`], code: 1, stderr: /^adm-code: tests\/bad-inputs\/sheet-duplicate-id\.csv:4: duplicate participant id `P01` \(first on line 2\)\n$/ },
  { name: 'participants sheet: ragged row', args: ['tally', `${MT}/INT-01.txt`, '-c', MCB, '-a', `${B}/sheet-ragged.csv`], code: 1, stderr: /^adm-code: tests\/bad-inputs\/sheet-ragged\.csv:3: row has 2 cells but the header has 3\n$/ },
  { name: 'participants sheet: header without id', args: ['tally', `${MT}/INT-01.txt`, '-c', MCB, '-a', `${B}/sheet-no-id.csv`], code: 1, stderr: /^adm-code: tests\/bad-inputs\/sheet-no-id\.csv:1: participants sheet has no `id` column \(header: participant, group, profession\)\n$/ },
  { name: 'participant put in two groups by two transcripts', args: ['tally', `${B}/two-groups`, '-c', MCB], code: 1, stderr: /^adm-code: tests\/bad-inputs\/two-groups\/a\.txt: participant `P9` is in group `service-lead` here but in group `board` in tests\/bad-inputs\/two-groups\/b\.txt; give it a group in the participants sheet\n$/ },
];

describe('bad inputs', () => {
  it.each(CASES)('$name', (c) => {
    const out = path.join(tmp(), 'out.csv');
    const before = [folderState(path.join(ROOT, B)), folderState(MINI)];
    const r = cli([...c.args, '-f', 'csv', '-o', out]);
    expect(r.code).toBe(c.code);
    expect(r.stderr).toMatch(c.stderr);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
    expect(r.stdout).toBe('');
    if (c.succeeds) expect(read(out)).toMatch(/^theme,label,group,/);
    else {
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(c.lines ?? 1);
      expect(existsSync(out)).toBe(false);
      // and without --output, nothing on stdout either
      const r2 = cli([...c.args, '-f', 'csv']);
      expect(r2.stdout).toBe('');
      expect(r2.code).toBe(c.code);
    }
    expect([folderState(path.join(ROOT, B)), folderState(MINI)]).toEqual(before);
  });

  it('unreadable files are all reported, one line each; --skip-bad leaves them out with a warning', () => {
    const bad = [`${B}/nul-bytes.txt`, `${B}/invalid-utf8.txt`, `${B}/utf16-no-bom.txt`];
    const r = cli(['tally', ...bad, MT, '-c', MCB, '-f', 'csv', '-q']);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^adm-code: tests\/bad-inputs\/invalid-utf8\.txt: invalid UTF-8/),
      expect.stringMatching(/^adm-code: tests\/bad-inputs\/nul-bytes\.txt: not a text file/),
      expect.stringMatching(/^adm-code: tests\/bad-inputs\/utf16-no-bom\.txt: looks like UTF-16/),
      'adm-code: 3 files could not be read; nothing was written (add --skip-bad to leave them out)',
    ]);
    const skip = cli(['tally', ...bad, MT, '-c', MCB, '-f', 'csv', '--skip-bad']);
    expect(skip.code).toBe(0);
    expect(skip.stdout).toBe(cli(['tally', MT, '-c', MCB, '-f', 'csv', '-q']).stdout);
    expect(skip.stderr).toContain('adm-code: warning: tests/bad-inputs/nul-bytes.txt: not a text file (only NUL bytes); skipped (--skip-bad)');
  });

  it('the participant in two groups is fine once the sheet settles it', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'p.csv'), 'id,group\nP9,board\n');
    const r = cli(['tally', `${B}/two-groups`, '-c', MCB, '-a', path.join(dir, 'p.csv'), '-f', 'csv', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('leadership,Leadership,board,1,1,100.0,2,2');
  });

  it('a 50 MB single-line file is read in linear time', () => {
    const dir = tmp();
    const big = path.join(dir, 'one-line.txt');
    // One turn of 50 MB on one line, with a theme word every 1,000 words.
    const chunk = 'we talked about the service again and again '.repeat(100) + 'leadership ';
    writeFileSync(big, 'P1: ' + chunk.repeat(Math.ceil((50 * 1024 * 1024) / chunk.length)));
    const t0 = Date.now();
    const r = cli(['tally', big, '-c', MCB, '-f', 'csv', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^leadership,Leadership,ungrouped,1,1,100\.0,1,\d{4,}$/m);
    expect(Date.now() - t0).toBeLessThan(60_000);
  }, 120_000);

  it('a 50 MB line with no label is not a turn (warning), and does not hang', () => {
    const dir = tmp();
    const big = path.join(dir, 'notes.txt');
    writeFileSync(big, 'x'.repeat(50 * 1024 * 1024));
    const r = cli(['tally', big, '-c', MCB, '-f', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('notes.txt: no speaker turns found');
  }, 120_000);

  it('an output path in a folder that does not exist', () => {
    const r = cli(['tally', MT, '-c', MCB, '-f', 'csv', '-q', '-o', 'no/such/folder/out.csv']);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'adm-code: no/such/folder/out.csv: cannot write here: folder no/such/folder does not exist\n']);
  });

  it('--output pointing at an input file is refused, even with --force', () => {
    for (const target of [`${MT}/INT-01.txt`, MCB, `${MT}/participants.csv`]) {
      const before = folderState(MINI);
      const r = cli(['tally', MT, '-c', MCB, '-f', 'csv', '-q', '-o', target, '--force']);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toBe(`adm-code: --output ${target} is one of the input files; refusing to overwrite it\n`);
      expect(folderState(MINI)).toEqual(before);
    }
  });
});

describe('outputs that are safe to open in a spreadsheet', () => {
  // OWASP CSV injection payloads, as a participant's words, a theme label and a group name.
  const PAYLOADS = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1', '=HYPERLINK("http://x.invalid","click")'];
  const setup = () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'cb.yaml'), 'name: X\nthemes:\n  payload:\n    label: "=1+2"\n    patterns: [cmd, sum, hyperlink, "1"]\n');
    const turns = PAYLOADS.map((p, i) => `P${i + 1}: ${p.replace(/\r/g, '')}`).join('\n');
    writeFileSync(path.join(dir, 't.txt'), `---\nid: T\ngroup: "@group"\n---\n${turns}\n`);
    return dir;
  };
  it('text fields starting with = + - @ tab or CR get a leading quote in csv and tsv', () => {
    const dir = setup();
    for (const format of ['csv', 'tsv']) {
      const r = cli(['code', path.join(dir, 't.txt'), '-c', path.join(dir, 'cb.yaml'), '-f', format, '-q']);
      expect(r.code).toBe(0);
      const sep = format === 'csv' ? ',' : '\t';
      const rows = parse(r.stdout, { delimiter: sep, columns: true }) as Array<Record<string, string>>;
      expect(rows.length).toBeGreaterThanOrEqual(5);
      for (const row of rows) {
        expect(row.group).toBe("'@group");
        expect(row.text).toMatch(/^'[=+\-@\t]/);
        expect(row.line).toMatch(/^\d+$/);
      }
      const themes = cli(['tally', path.join(dir, 't.txt'), '-c', path.join(dir, 'cb.yaml'), '-f', format, '-q']).stdout;
      expect(themes.split('\n')[1]!.split(sep).slice(0, 3)).toEqual(['payload', "'=1+2", "'@group"]);
    }
  });
  it('--raw turns neutralising off', () => {
    const dir = setup();
    const r = cli(['tally', path.join(dir, 't.txt'), '-c', path.join(dir, 'cb.yaml'), '-f', 'csv', '-q', '--raw']);
    expect(r.stdout.split('\n')[1]).toMatch(/^payload,=1\+2,@group,/);
  });
});
