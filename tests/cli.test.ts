import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, cli, folderState, MINI, read, ROOT, tmp } from './helpers.js';

const T = path.join(MINI, 'transcripts');
const CB = path.join(MINI, 'codebook.yaml');
const expected = (f: string) => read(path.join(MINI, 'expected', f));
const mini = (...args: string[]) => cli([...args, '-q'], { cwd: ROOT });

describe('golden outputs on the mini study (tests/fixtures/mini)', () => {
  it('tally --format csv --table themes', () => {
    const r = mini('tally', T, '-c', CB, '-f', 'csv');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected('tally-themes.csv'));
  });
  it('tally --format csv --table attributes', () => {
    const r = mini('tally', T, '-c', CB, '-f', 'csv', '-t', 'attributes');
    expect(r.stdout).toBe(expected('tally-attributes.csv'));
  });
  it('code --format csv', () => {
    const r = mini('code', T, '-c', CB, '-f', 'csv');
    expect(r.stdout).toBe(expected('code.csv'));
  });
  it('tally as a table without colour and as JSON', () => {
    expect(mini('tally', T, '-c', CB).stdout).toBe(expected('tally.txt'));
    expect(mini('tally', T, '-c', CB, '-f', 'json').stdout).toBe(expected('tally.json'));
  });
  it('the themes CSV has the SPEC columns and adds up', () => {
    const lines = expected('tally-themes.csv').trim().split('\n');
    expect(lines[0]).toBe('theme,label,group,group_size,participants,percent,excerpts,hits');
    const rows = lines.slice(1).map((l) => l.split(','));
    for (const theme of new Set(rows.map((r) => r[0]))) {
      const mine = rows.filter((r) => r[0] === theme);
      const all = mine.find((r) => r[2] === 'all')!;
      const groups = mine.filter((r) => r[2] !== 'all');
      for (const col of [3, 4, 6, 7]) expect(groups.reduce((s, r) => s + Number(r[col]), 0)).toBe(Number(all[col]));
      for (const r of mine) expect(r[5]).toBe((Math.round((1000 * Number(r[4])) / Number(r[3])) / 10).toFixed(1));
    }
  });
  it('the attributes CSV has the SPEC columns', () => {
    expect(expected('tally-attributes.csv').split('\n')[0]).toBe('attribute,group,level,count,n,percent,mean,median,sd,min,max');
  });
  it('tsv and md carry the same rows', () => {
    const csv = mini('tally', T, '-c', CB, '-f', 'csv').stdout.trim().split('\n');
    const tsv = mini('tally', T, '-c', CB, '-f', 'tsv').stdout.trim().split('\n');
    expect(tsv.map((l) => l.split('\t'))).toEqual(csv.map((l) => l.split(',')));
    const md = mini('tally', T, '-c', CB, '-f', 'md').stdout;
    expect(md).toContain('| theme | board | focus-group | service-lead | all |');
    expect(md).toContain('|   hierarchy | 1/1 (100.0%) | 0/2 (0.0%) | 1/2 (50.0%) | 2/5 (40.0%) |');
  });
  it('code --format jsonl: one JSON object per coded segment × theme', () => {
    const lines = mini('code', T, '-c', CB, '-f', 'jsonl').stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatchObject({ document: 'FG1', segment: 'FG1#2', line: 10, participant: 'FG-1', group: 'focus-group', theme: 'leadership', hits: 2, matched: 'Leadership;lead' });
  });
  it('--by any attribute (multi-response: a participant counts in each of its levels)', () => {
    const r = mini('tally', T, '-c', CB, '-f', 'csv', '--by', 'profession');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('leadership,'))).toEqual([
      'leadership,Leadership,art-therapist,2,1,50.0,2,3',
      'leadership,Leadership,dramatherapist,1,1,100.0,1,1',
      'leadership,Leadership,music-therapist,2,1,50.0,2,3',
      'leadership,Leadership,psychologist,1,0,0.0,0,0',
      'leadership,Leadership,all,5,2,40.0,3,4',
    ]);
  });
  it('--by two columns: the group column holds the combined key', () => {
    const r = mini('tally', T, '-c', CB, '-f', 'csv', '--by', 'group,profession');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('leadership,'))).toEqual([
      'leadership,Leadership,board/psychologist,1,0,0.0,0,0',
      'leadership,Leadership,focus-group/art-therapist,1,1,100.0,2,3',
      'leadership,Leadership,focus-group/dramatherapist,1,1,100.0,1,1',
      'leadership,Leadership,focus-group/music-therapist,1,1,100.0,2,3',
      'leadership,Leadership,service-lead/art-therapist,1,0,0.0,0,0',
      'leadership,Leadership,service-lead/music-therapist,1,0,0.0,0,0',
      'leadership,Leadership,all,5,2,40.0,3,4',
    ]);
  });
  it('output is byte-identical whatever the order of the arguments', () => {
    const files = readdirSync(T).filter((f) => /\.(txt|md)$/.test(f)).map((f) => path.join(T, f));
    const a = mini('code', ...files, '-c', CB, '-f', 'csv', '-a', path.join(T, 'participants.csv')).stdout;
    const b = mini('code', ...files.reverse(), '-c', CB, '-f', 'csv', '-a', path.join(T, 'participants.csv')).stdout;
    expect(a).toBe(b);
    expect(a).toBe(expected('code.csv'));
  });
  it('warns about skipped files and sheet-only participants on stderr, not stdout', () => {
    const r = cli(['tally', T, '-c', CB, '-f', 'csv']);
    expect(r.stderr).toContain('adm-code: warning: tests/fixtures/mini/transcripts/scan.pdf: not a transcript format (.pdf); skipped');
    expect(r.stderr).toContain('1 participant in the sheet does not speak in any transcript (counted in the attribute tallies only): P04');
    expect(r.stdout).toBe(expected('tally-themes.csv'));
  });
  it('--include-interviewer codes interviewer turns too', () => {
    const r = mini('code', T, '-c', CB, '-f', 'csv', '--include-interviewer');
    expect(r.stdout).toContain('FG1,FG1#1,9,,Facilitator,Facilitator,focus-group,leadership,1,leadership');
  });
});

describe('defaults: ./codebooks/ and ./transcripts', () => {
  it('uses the one codebook in ./codebooks and ./transcripts with its participants.csv', () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'codebooks'));
    copyFileSync(CB, path.join(dir, 'codebooks', 'mini.yaml'));
    cpSync(T, path.join(dir, 'transcripts'), { recursive: true });
    const r = cli(['tally', '-f', 'csv', '-q'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected('tally-themes.csv'));
    writeFileSync(path.join(dir, 'codebooks', 'other.yml'), 'name: x\nthemes: {a: {patterns: [x]}}\n');
    const r2 = cli(['tally'], { cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe('adm-code: several codebooks in ./codebooks/ (mini.yaml, other.yml): choose one with --codebook FILE\n');
    expect(r2.stdout).toBe('');
  });
});

describe('colour', () => {
  it('never with NO_COLOR or --no-color, and never in csv', () => {
    for (const env of [{ FORCE_COLOR: '1', NO_COLOR: '1' }, { FORCE_COLOR: '1' }]) {
      const plain = cli(['tally', T, '-c', CB, '-q', ...(env.NO_COLOR ? [] : ['--no-color'])], { env });
      expect(plain.stdout).not.toMatch(/\x1b\[/);
    }
    expect(cli(['tally', T, '-c', CB, '-q', '-f', 'csv'], { env: { FORCE_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
    expect(cli(['tally', T, '-c', CB, '-q'], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\x1b\[/);
  });
});

describe('--output', () => {
  it('writes the file atomically and prints nothing on stdout', () => {
    const dir = tmp();
    const out = path.join(dir, 'themes.csv');
    const r = cli(['tally', T, '-c', CB, '-f', 'csv', '-o', out, '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(read(out)).toBe(expected('tally-themes.csv'));
    expect(readdirSync(dir)).toEqual(['themes.csv']);
  });
  it('does not replace an existing file without --force', () => {
    const dir = tmp();
    const out = path.join(dir, 'themes.csv');
    writeFileSync(out, 'precious');
    const r = cli(['tally', T, '-c', CB, '-f', 'csv', '-o', out, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists; add --force/);
    expect(read(out)).toBe('precious');
    expect(cli(['tally', T, '-c', CB, '-f', 'csv', '-o', out, '-q', '--force']).code).toBe(0);
    expect(read(out)).toBe(expected('tally-themes.csv'));
  });
});

describe('errors: one line, exit code, nothing on stdout, nothing written', () => {
  const cases: Array<[string, (dir: string) => string[], number, RegExp]> = [
    ['missing transcripts file', () => ['tally', 'no/such/file.txt', '-c', CB], 1, /^adm-code: no\/such\/file\.txt: no such file or folder\n$/],
    ['empty folder', (d) => (mkdirSync(path.join(d, 'empty')), ['tally', path.join(d, 'empty'), '-c', CB]), 1, /^adm-code: .*empty: folder holds no files\n$/],
    ['folder without transcripts', (d) => (mkdirSync(path.join(d, 'pdfs')), writeFileSync(path.join(d, 'pdfs', 'a.pdf'), '%PDF'), ['tally', path.join(d, 'pdfs'), '-c', CB, '-q']), 1, /^adm-code: .*pdfs: no transcripts \(\.txt, \.md, \.docx, \.vtt, \.srt\) in this folder\n$/],
    ['YAML syntax error', (d) => (writeFileSync(path.join(d, 'cb.yaml'), 'name: x\nthemes:\n  a:\n    patterns: [x\n'), ['tally', T, '-c', path.join(d, 'cb.yaml')]), 1, /^adm-code: .*cb\.yaml:\d+:\d+: YAML: .*\n$/],
    ['invalid regex', (d) => (writeFileSync(path.join(d, 'cb.yaml'), 'name: x\nthemes:\n  a:\n    patterns: ["/(x/"]\n'), ['tally', T, '-c', path.join(d, 'cb.yaml')]), 1, /^adm-code: .*cb\.yaml:4:16: theme `a`: pattern \/\(x\/ is not a valid regular expression: .*\n$/],
    ['unknown key', (d) => (writeFileSync(path.join(d, 'cb.yaml'), 'name: x\nthemes:\n  a:\n    paterns: [x]\n'), ['code', T, '-c', path.join(d, 'cb.yaml')]), 1, /^adm-code: .*cb\.yaml:4:5: theme `a`: unknown key `paterns`/],
    ['missing codebook', () => ['tally', T, '-c', 'nope.yaml'], 1, /^adm-code: nope\.yaml: codebook not found\n$/],
    ['unknown option', () => ['tally', '--frmat', 'csv'], 2, /^adm-code: unknown option '--frmat'/],
    ['bad --format', () => ['tally', T, '-c', CB, '-f', 'xlsx'], 2, /^adm-code: option '-f, --format <format>' argument 'xlsx' is invalid/],
    ['unknown --by column', () => ['tally', T, '-c', CB, '--by', 'age', '-q'], 2, /^adm-code: --by age: no such column in .*participants\.csv \(columns: group, profession, years_qualified, home\)\n$/],
    ['unknown command', () => ['tallies'], 2, /^adm-code: unknown command 'tallies'/],
    ['output folder missing', (d) => ['tally', T, '-c', CB, '-o', path.join(d, 'nope', 'x.csv'), '-q'], 1, /^adm-code: .*x\.csv: cannot write here: folder .*nope does not exist\n$/],
    ['output is an input', () => ['tally', T, '-c', CB, '-o', path.join(T, 'INT-01.txt'), '--force', '-q'], 2, /^adm-code: --output .*INT-01\.txt is one of the input files; refusing to overwrite it\n$/],
  ];
  it.each(cases)('%s', (_name, args, code, message) => {
    const dir = tmp();
    const argv = args(dir);
    const before = folderState(MINI);
    const beforeTmp = folderState(dir);
    const r = cli(argv);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    expect(folderState(MINI)).toEqual(before);
    expect(folderState(dir)).toEqual(beforeTmp);
  });
});

describe('help and version', () => {
  it('every command has --help with an example', () => {
    for (const cmd of [[], ['tally'], ['code'], ['codebook', 'check'], ['codebook', 'test']]) {
      const r = cli([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Examples?:\n\s+adm-code /);
    }
  });
  it('--version prints the package version', () => {
    const r = cli(['--version']);
    expect(r.stdout.trim()).toBe(JSON.parse(read(path.join(ROOT, 'package.json'))).version);
  });
});

describe('codebook check and test', () => {
  it('check prints the theme tree', () => {
    const r = cli(['codebook', 'check', '-c', CB]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('├─ parity  Parity of esteem  (1 pattern)\n│  ├─ hierarchy  Hierarchy  (2 patterns, 1+1 examples)');
  });
  it('check --format csv lists pattern counts per theme', () => {
    const r = cli(['codebook', 'check', '-c', CB, '-f', 'csv']);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      'theme,parent,depth,label,patterns,words,globs,phrases,regexes,unanchored,exclude,answer_patterns,question_patterns,match_examples,no_match_examples,line',
      'parity,,0,Parity of esteem,1,0,0,1,0,0,0,0,0,0,0,4',
    ]);
  });
  it('check names the regexes that cannot be anchored, with their lines', () => {
    const file = path.join(tmp(), 'cb.yaml');
    writeFileSync(file, "themes:\n  a:\n    label: A\n    patterns:\n      - '/(the|a) pecking order/'\n      - '/(?<=\\bthe )pecking order/'\n      - '/\\bhierarch\\w*/'\n      - '/^(no|a) way/'\n");
    const r = cli(['codebook', 'check', '-c', file]);
    expect(r.stdout).toContain('└─ a  A  (4 patterns, 1 unanchored regex)'); // not the one tried at the turn's start only (^)
    expect(r.stdout).toMatch(/\n1 regular expression is unanchored: .* line 5:9\n/);
    expect(cli(['codebook', 'check', '-c', file, '-f', 'csv']).stdout.split('\n')[1]).toBe('a,,0,A,4,0,0,0,4,1,0,0,0,0,0,2');
  });
  it('test passes every example of the mini codebook', () => {
    const r = cli(['codebook', 'test', '-c', CB]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n8 passed, 0 failed\n$/);
  });
  it('test exits 1 and names the failing example with its line', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'cb.yaml'), 'name: x\nthemes:\n  a:\n    patterns: [lead*]\n    examples:\n      match: [We lead.]\n      no_match: [A leading question.]\n');
    const r = cli(['codebook', 'test', '-c', path.join(dir, 'cb.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL a should not match: "A leading question."');
    expect(r.stdout).toMatch(/cb\.yaml:7:\d+\)/);
    expect(r.stdout).toMatch(/1 passed, 1 failed\n$/);
    expect(existsSync(path.join(dir, 'cb.yaml'))).toBe(true);
  });
});

describe('transcript formats (tests/fixtures/formats/)', () => {
  const F = path.join(ROOT, 'tests', 'fixtures', 'formats');
  it('the same interview as .txt, .vtt (Teams and Zoom), .srt and .docx (bold labels and a table) gives the same tally rows', () => {
    const outputs = ['txt', 'vtt', 'vtt-zoom', 'srt', 'docx', 'docx-table'].map((d) => mini('tally', path.join(F, d), '-c', CB, '-f', 'csv').stdout);
    expect(outputs[0]).toMatch(/^leadership,Leadership,service-lead,1,1,100\.0,1,2$/m);
    for (const o of outputs) expect(o).toBe(outputs[0]);
  });
  it('tally on the whole folder runs (one participant across six documents)', () => {
    const r = cli(['tally', F, '-c', CB, '-f', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^leadership,Leadership,service-lead,1,1,100\.0,6,12$/m);
  });
  it('code shows each turn\'s start time from the cues, and lines are the cue lines', () => {
    const rows = mini('code', path.join(F, 'vtt'), '-c', CB, '-f', 'csv').stdout.trim().split('\n');
    expect(rows[0]).toBe('document,segment,line,start,speaker,participant,group,theme,hits,matched,text,source');
    expect(rows[1]).toMatch(/^FMT-vtt,FMT-vtt#2,17,00:00:0\d\.\d{3},P1,P1,service-lead,parity,2,/);
  });
});

describe('pipes', () => {
  it('a reader that closes early (| head) is not an error and prints no stack trace', () => {
    const r = spawnSync('bash', ['-c', `node ${BIN} code ${T} -c ${CB} -f csv -q | head -1`], { encoding: 'utf8' });
    expect(r.stdout).toBe('document,segment,line,start,speaker,participant,group,theme,hits,matched,text,source\n');
    expect(r.stderr).toBe('');
  });
});
