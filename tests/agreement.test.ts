// The codebook's `agreement` rule: a bare agreement ("Same.") takes the themes of the other
// participant's turn just before it (README, "Bare agreement"). Loader errors, then the rule's
// semantics through the CLI on small transcripts written here.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../src/codebook/load.js';
import { cli, codebookError, read, ROOT, tmp } from './helpers.js';

const THEMES = `themes:
  parity:
    label: Parity
    themes:
      hierarchy:
        label: Hierarchy
        patterns: [pecking order, hierarch*]
      valued:
        label: Valued
        patterns: [feel valued]
  leadership:
    label: Leadership
    patterns: [leadership]
`;
const AGREEMENT = `agreement:
  max_words: 6
  patterns: [same, me too, exactly, "(that's|that is) (so |very |)true", agreed]
  examples:
    match: ["Same, honestly.", "That's very true."]
    no_match: ["Same, and then we all went off for a sandwich."]
`;

const err = codebookError;

describe('loading the agreement rule', () => {
  it('reads patterns, max_words (default 8) and examples', () => {
    const cb = parseCodebook(`name: x\n${THEMES}${AGREEMENT}`, 'cb.yaml');
    expect(cb.agreement?.maxWords).toBe(6);
    expect(cb.agreement?.patterns.length).toBe(5 + 5);
    expect(cb.agreement?.examples.match.map((e) => e.text)).toEqual(['Same, honestly.', "That's very true."]);
    expect(parseCodebook(`${THEMES}agreement:\n  patterns: [same]\n`, 'cb.yaml').agreement?.maxWords).toBe(8);
    expect(parseCodebook(THEMES, 'cb.yaml').agreement).toBeNull();
  });
  it('reports a bad rule with its position', () => {
    const at = THEMES.split('\n').length;
    expect(err(`${THEMES}agreement: [same]\n`)).toBe(`cb.yaml:${at}:12: \`agreement\` must be a mapping with a \`patterns\` list`);
    expect(err(`${THEMES}agreement:\n  words: [same]\n`)).toBe(`cb.yaml:${at + 1}:3: \`agreement\`: unknown key \`words\` (allowed: max_words, patterns, examples)`);
    expect(err(`${THEMES}agreement:\n  max_words: 4\n`)).toBe(`cb.yaml:${at + 1}:3: \`agreement\` needs a \`patterns\` list: what a bare agreement says ("same", "exactly")`);
    for (const bad of ['0', '31', '2.5', 'ten']) {
      expect(err(`${THEMES}agreement:\n  max_words: ${bad}\n  patterns: [same]\n`)).toBe(`cb.yaml:${at + 1}:14: \`agreement\`: \`max_words\` must be a whole number from 1 to 30`);
    }
    expect(err(`${THEMES}agreement:\n  patterns: ["/(/"]\n`)).toMatch(new RegExp(`^cb\\.yaml:${at + 1}:14: \`agreement\`: pattern /\\(/ is not a valid regular expression`));
    expect(err(`${THEMES}agreement:\n  patterns: [same]\n  examples:\n    match: [{question: a, answer: b}]\n`)).toBe(`cb.yaml:${at + 3}:13: \`agreement\`: each example must be text, not a mapping`);
  });
});

/** Writes a codebook and one transcript per entry; returns the folder. */
function study(files: Record<string, string>, agreement = AGREEMENT): string {
  const dir = tmp();
  writeFileSync(path.join(dir, 'cb.yaml'), `name: Agreement\n${THEMES}${agreement}`);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
const FG = (turns: string) => `---\nid: FG\ngroup: focus-group\ninterviewer: [Facilitator]\n---\nFacilitator: Where do you stand?\n${turns}`;

/** `code --format csv` rows as segment → sorted themes (with the matched words of each). */
function coded(dir: string, extra: string[] = []): Record<string, string[]> {
  const r = cli(['code', path.join(dir, 'FG.txt'), '--codebook', path.join(dir, 'cb.yaml'), '--format', 'csv', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  const out: Record<string, string[]> = {};
  for (const row of parse(r.stdout, { columns: true }) as Array<Record<string, string>>) (out[row.segment!] ??= []).push(`${row.theme}:${row.matched}`);
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

describe('a bare agreement', () => {
  it("takes the themes of the other participant's turn just before it, parents included", () => {
    const dir = study({ 'FG.txt': FG('P1: There is a pecking order, and we are at the bottom.\nP2: Same, honestly.\nP3: That is so true.\n') });
    expect(coded(dir)).toEqual({
      'FG#2': ['hierarchy:pecking order', 'parity:pecking order'],
      'FG#3': ['hierarchy:Same', 'parity:Same'],
      // A chain: P3 agrees with P2, who agreed with P1.
      'FG#4': ['hierarchy:That is so true', 'parity:That is so true'],
    });
  });

  it('counts the agreeing participant in tally', () => {
    const dir = study({ 'FG.txt': FG('P1: There is a pecking order.\nP2: Me too.\n') });
    const r = cli(['tally', path.join(dir, 'FG.txt'), '--codebook', path.join(dir, 'cb.yaml'), '--format', 'csv']);
    const row = (parse(r.stdout, { columns: true }) as Array<Record<string, string>>).find((x) => x.theme === 'hierarchy' && x.group === 'focus-group')!;
    expect([row.participants, row.group_size, row.excerpts, row.hits]).toEqual(['2', '2', '2', '2']);
  });

  it('keeps its own themes and adds the carried ones', () => {
    const dir = study({ 'FG.txt': FG('P1: I feel valued here.\nP2: Same, leadership too.\n') });
    expect(coded(dir)['FG#3']).toEqual(['leadership:leadership', 'parity:Same', 'valued:Same']);
  });

  it('carries nothing across an interviewer turn, from the same speaker, or from an uncoded turn', () => {
    const dir = study({
      'FG.txt': FG('P1: There is a pecking order.\nFacilitator: Go on.\nP2: Same.\nP1: I feel valued, mostly.\nP1: Exactly.\nP2: We met on Tuesday.\nP3: Same.\n'),
    });
    expect(coded(dir)).toEqual({ 'FG#2': ['hierarchy:pecking order', 'parity:pecking order'], 'FG#5': ['parity:feel valued', 'valued:feel valued'] });
  });

  it('must be short: longer than max_words is not a bare agreement', () => {
    const dir = study({ 'FG.txt': FG('P1: There is a pecking order.\nP2: Same, and then we all went off for a sandwich.\nP3: Same, we went too.\n') });
    expect(coded(dir)['FG#3']).toBeUndefined();
    expect(coded(dir)['FG#4']).toBeUndefined(); // P2 carried nothing, so neither does P3
  });

  it('carries only what the rules coded, not manual codes', () => {
    const dir = study({ 'FG.txt': FG('P1: We went out. {#valued}\nP2: Same.\n') });
    expect(coded(dir)).toEqual({ 'FG#2': ['parity:', 'valued:'] });
  });

  it('applies to turns only: with --unit sentence nothing is carried', () => {
    const dir = study({ 'FG.txt': FG('P1: There is a pecking order.\nP2: Same.\n') });
    expect(Object.keys(coded(dir, ['--unit', 'sentence']))).toEqual(['FG#2.1']);
  });

  it('needs the rule: a codebook without `agreement` carries nothing', () => {
    const dir = study({ 'FG.txt': FG('P1: There is a pecking order.\nP2: Same.\n') }, '');
    expect(Object.keys(coded(dir))).toEqual(['FG#2']);
  });
});

describe('codebook check and test', () => {
  it('check shows the rule; test runs its examples', () => {
    const dir = study({});
    const check = cli(['codebook', 'check', '--codebook', path.join(dir, 'cb.yaml')]);
    expect(check.stdout).toContain('agreement: 10 patterns, turns of at most 6 words, 2+1 examples');
    const test = cli(['codebook', 'test', '--codebook', path.join(dir, 'cb.yaml')]);
    expect(test.code, test.stdout).toBe(0);
    expect(test.stdout).toContain('PASS agreement should be a bare agreement: "Same, honestly."');
    expect(test.stdout).toContain('PASS agreement should not be a bare agreement: "Same, and then we all went off for a sandwich."');
  });
  it('a failing agreement example fails the run', () => {
    const dir = study({}, AGREEMENT.replace('"Same, and then we all went off for a sandwich."', '"Exactly."'));
    const test = cli(['codebook', 'test', '--codebook', path.join(dir, 'cb.yaml')]);
    expect(test.code).toBe(1);
    expect(test.stdout).toMatch(/FAIL agreement should not be a bare agreement: "Exactly\."  \(.*cb\.yaml:\d+:\d+\)/);
  });
});

describe("the README's codebook example", () => {
  it('is a valid codebook whose examples pass (theme and agreement)', () => {
    const readme = read(path.join(ROOT, 'README.md'));
    const at = readme.indexOf('```yaml', readme.indexOf('### Codebook (YAML)')) + '```yaml\n'.length;
    const yaml = readme.slice(at, readme.indexOf('```', at)).replace('themes: { ... }', 'themes: {}').replaceAll(' ...', ' x');
    const file = path.join(tmp(), 'cb.yaml');
    writeFileSync(file, yaml);
    const r = cli(['codebook', 'test', '--codebook', file]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('5 passed, 0 failed');
  });
});
