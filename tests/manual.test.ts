// Manual coding: inline tags {#id} / {-id} and codings files; `code` shows the source; manual wins.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { applyManual } from '../src/code/manual.js';
import { compile } from '../src/codebook/compile.js';
import { parseCodebook } from '../src/codebook/load.js';
import { codeText } from '../src/code/match.js';
import { extractTags } from '../src/segment/tags.js';
import { cli, MINI, tmp } from './helpers.js';

const CB = path.join(MINI, 'codebook.yaml');
const dir = tmp();
const T = path.join(dir, 'tagged.txt');
writeFileSync(
  T,
  [
    '---',
    'id: TAG',
    'group: service-lead',
    '---',
    'Interviewer: Tell me more. {#leadership}',
    'P1: We never get asked to the table. {#parity}',
    'P2: The hierarchy is obvious, and leadership too. {-hierarchy} {#evidence}',
    'P3: I lead a team. {-leadership}',
    'P4: Psychology is hierarchical. {#hierarchy}',
    'P5: Not much to say.',
  ].join('\n') + '\n',
);
const rows = (args: string[]) => {
  const r = cli([...args, '-c', CB, '-f', 'csv', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
};

describe('inline tags', () => {
  it('extractTags takes {#id} and {-id} out of the text', () => {
    expect(extractTags('We lead. {#leadership} {-hierarchy}')).toEqual({
      text: 'We lead.',
      add: ['leadership'],
      remove: ['hierarchy'],
      at: [{ id: 'leadership', offset: 9 }, { id: 'hierarchy', offset: 23 }],
    });
    expect(extractTags('no tags {here}')).toBeNull();
  });
  it('code: manual, auto and both sources; removed codes gone; tags not in the text; interviewer turns untouched', () => {
    const r = rows(['code', T]).map((x) => [x.segment, x.theme, x.hits, x.source, x.text]);
    expect(r).toEqual([
      ['TAG#2', 'parity', '0', 'manual', 'We never get asked to the table.'],
      ['TAG#3', 'leadership', '1', 'auto', 'The hierarchy is obvious, and leadership too.'],
      ['TAG#3', 'evidence', '0', 'manual', 'The hierarchy is obvious, and leadership too.'],
      ['TAG#5', 'parity', '1', 'both', 'Psychology is hierarchical.'],
      ['TAG#5', 'hierarchy', '1', 'both', 'Psychology is hierarchical.'],
    ]);
  });
  it('tally counts the result (manual wins)', () => {
    const r = rows(['tally', T]).filter((x) => x.group === 'all').map((x) => [x.theme, x.participants, x.excerpts]);
    expect(r).toEqual([
      ['parity', '2', '2'],
      ['hierarchy', '1', '1'],
      ['valued', '0', '0'],
      ['leadership', '1', '1'],
      ['evidence', '1', '1'],
    ]);
  });
  it('a tag naming no theme is an error with file and line', () => {
    const bad = path.join(dir, 'bad-tag.txt');
    writeFileSync(bad, 'P1: One.\nP2: Two\nand three {#hierachy}\n');
    const r = cli(['tally', bad, '-c', CB, '-q']);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(/^adm-code: \S*bad-tag\.txt:3: manual tag \{…hierachy\}: no theme `hierachy` in \S*codebook\.yaml\n$/);
  });
});

describe('codings files (--codings)', () => {
  it('add manual codes to the rules, and `source` says so', () => {
    const codings = path.join(dir, 'extra.csv');
    writeFileSync(codings, 'document,segment,theme,coder\nTAG,TAG#6,valued,anna\nTAG,TAG#5,hierarchy,anna\n');
    const r = rows(['code', T, '--codings', codings]).filter((x) => ['TAG#5', 'TAG#6'].includes(x.segment)).map((x) => [x.segment, x.theme, x.source]);
    expect(r).toEqual([
      ['TAG#5', 'parity', 'both'],
      ['TAG#5', 'hierarchy', 'both'],
      ['TAG#6', 'parity', 'manual'],
      ['TAG#6', 'valued', 'manual'],
    ]);
  });
  it('a row for a segment that is not a participant segment is an error with its line', () => {
    const codings = path.join(dir, 'wrong.csv');
    writeFileSync(codings, 'document,segment,theme\nTAG,TAG#1,valued\n');
    const r = cli(['tally', T, '-c', CB, '--codings', codings, '-q']);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(/wrong\.csv:2: segment `TAG#1` is not a participant segment of the transcripts\n$/);
  });
});

describe('applyManual', () => {
  const cb = parseCodebook('name: t\nthemes:\n  p:\n    patterns: [parity]\n    themes:\n      a: {patterns: [alpha]}\n      b: {patterns: [beta]}\n', 'cb.yaml');
  const m = compile(cb);
  const run = (text: string, add: string[], remove: string[]) => applyManual(cb.themes, codeText(m, text), new Set(add), new Set(remove)).map((c) => [c.theme, c.hits, c.source]);
  it("removing a sub-theme keeps the parent's own code and its other sub-themes", () => {
    expect(run('parity alpha beta', [], ['a'])).toEqual([['p', 2, 'auto'], ['b', 1, 'auto']]);
  });
  it('removing a parent removes its sub-themes too', () => {
    expect(run('parity alpha beta', [], ['p'])).toEqual([]);
  });
  it('a manual sub-theme makes the parent manual or both', () => {
    expect(run('nothing here', ['a'], [])).toEqual([['p', 0, 'manual'], ['a', 0, 'manual']]);
    expect(run('beta', ['a'], [])).toEqual([['p', 1, 'both'], ['a', 0, 'manual'], ['b', 1, 'auto']]);
  });
});
