import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attributeKinds, attributeTable } from '../src/analyse/attributes.js';
import { makeGrouping, Speakers } from '../src/analyse/participants.js';
import { percent, summarise } from '../src/analyse/stats.js';
import { parseSheet } from '../src/read/attributes.js';

const sheet = parseSheet(
  'id,group,years,training,home\nA,g1,10,CBT;MBT,dual\nB,g1,NA,CBT,N/A\nC,g2,30,,pt\nD,,20,MBT; CBT ;MBT,dual\n',
  'p.csv',
);

describe('participants sheet', () => {
  it('reads ids, groups and attribute columns; NA, N/A and empty are missing', () => {
    expect(sheet.columns).toEqual(['years', 'training', 'home']);
    expect(sheet.groups.get('D')).toBeNull();
    expect(sheet.rows.get('B')).toEqual({ years: null, training: 'CBT', home: null });
    expect(sheet.lines.get('C')).toBe(4);
  });
  it('a column is numeric when every non-missing value is a number', () => {
    expect(Object.fromEntries(attributeKinds(sheet))).toEqual({ years: 'numeric', training: 'categorical', home: 'categorical' });
    expect(attributeKinds(parseSheet('id,x\nA,1\nB,1;2\n', 'p.csv')).get('x')).toBe('categorical');
    expect(attributeKinds(parseSheet('id,x\nA,NA\n', 'p.csv')).get('x')).toBe('categorical');
  });
  it.each([
    ['duplicate id', 'id,x\nA,1\nB,2\nA,3\n', /^p\.csv:4: duplicate participant id `A` \(first on line 2\)$/],
    ['ragged row', 'id,x,y\nA,1,2\nB,2\n', /^p\.csv:3: row has 2 cells but the header has 3$/],
    ['no id column', 'name,x\nA,1\n', /^p\.csv:1: participants sheet has no `id` column \(header: name, x\)$/],
    ['empty id', 'id,x\n,1\n', /^p\.csv:2: row has no participant id$/],
    ['duplicate column', 'id,x,X\nA,1,2\n', /^p\.csv:1: column `X` appears twice/],
    ['empty sheet', '', /^p\.csv:1: participants sheet is empty/],
    ['unclosed quote', 'id,x\nA,"1\n', /^p\.csv:\d+: /],
  ])('%s is an error with the line', (_n, text, message) => {
    try {
      parseSheet(text, 'p.csv');
      throw new Error('no error');
    } catch (e) {
      const x = e as { file: string; line: number; message: string };
      expect(`${x.file}:${x.line}: ${x.message}`).toMatch(message);
    }
  });
  it('quoted cells may hold commas and line breaks; line numbers stay right', () => {
    const s = parseSheet('id,note\nA,"one, two"\nB,"x\ny"\nC,z\n', 'p.csv');
    expect(s.rows.get('A')!.note).toBe('one, two');
    expect(s.lines.get('C')).toBe(5);
  });
});

describe('attribute tallies (SPEC §2)', () => {
  const speakers = new Speakers();
  for (const [p, g] of [['A', null], ['B', null], ['C', null], ['D', 'g2'], ['E', 'g2']] as const) speakers.add(p, g, 'f.txt');
  const people = ['A', 'B', 'C', 'D', 'E'];
  const t = attributeTable(sheet, people, makeGrouping('group', speakers, sheet));
  const rows = (attr: string, group: string) => t.rows.filter((r) => r.attribute === attr && r.group === group);
  it('numeric: n, mean, median, sample sd, min, max; missing left out', () => {
    expect(rows('years', 'g1')).toEqual([{ attribute: 'years', group: 'g1', level: null, count: null, n: 1, percent: null, mean: 10, median: 10, sd: null, min: 10, max: 10 }]);
    expect(rows('years', 'all')[0]).toMatchObject({ n: 3, mean: 20, median: 20, sd: 10, min: 10, max: 30 });
  });
  it('categorical multi-response: each participant once per level; n = non-missing', () => {
    expect(rows('training', 'all').map((r) => [r.level, r.count, r.n, r.percent])).toEqual([
      ['CBT', 3, 3, 100],
      ['MBT', 2, 3, 66.7],
    ]);
    // D's group comes from the transcript (sheet group empty); E has no row at all.
    expect(rows('training', 'g2').map((r) => [r.level, r.count, r.n])).toEqual([['CBT', 1, 1], ['MBT', 1, 1]]);
  });
  it('every level appears in every group, with count 0 where nobody chose it', () => {
    expect(rows('home', 'g1').map((r) => [r.level, r.count, r.n, r.percent])).toEqual([['dual', 1, 1, 100], ['pt', 0, 1, 0]]);
  });
  it('groups sorted by name, then all', () => {
    expect([...new Set(t.rows.map((r) => r.group))]).toEqual(['g1', 'g2', 'all']);
  });
});

describe('group resolution (SPEC §1)', () => {
  it('sheet group, else transcript group, else ungrouped', () => {
    const sp = new Speakers();
    sp.add('A', 'from-doc', 'a.txt');
    sp.add('D', 'from-doc', 'a.txt');
    sp.add('X', null, 'b.txt');
    const g = makeGrouping('group', sp, sheet);
    expect([g.keysOf('A'), g.keysOf('D'), g.keysOf('X')]).toEqual([['g1'], ['from-doc'], ['ungrouped']]);
  });
  it('two transcripts that give one participant two groups are an error naming both files, unless the sheet settles it', () => {
    const sp = new Speakers();
    sp.add('Z', 'one', 'b.txt');
    sp.add('Z', 'two', 'a.txt');
    expect(() => makeGrouping('group', sp, null).keysOf('Z')).toThrow('participant `Z` is in group `two` here but in group `one` in b.txt; give it a group in the participants sheet');
    sp.add('A', 'one', 'b.txt');
    sp.add('A', 'two', 'a.txt');
    expect(makeGrouping('group', sp, sheet).keysOf('A')).toEqual(['g1']);
  });
});

describe('statistics', () => {
  it('percent rounds half up to one decimal, exactly', () => {
    expect([percent(1, 8), percent(1, 3), percent(2, 3), percent(11, 14), percent(0, 5), percent(1, 0)]).toEqual([12.5, 33.3, 66.7, 78.6, 0, null]);
    expect(percent(1, 16)).toBe(6.3); // 6.25 → 6.3 (half up), not banker's 6.2
  });
  it('property: percent equals the decimal rounding of 100 × part / whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (whole, p) => {
        const part = p % (whole + 1);
        const exact = (1000 * part) / whole;
        expect(percent(part, whole)! * 10).toBeCloseTo(Math.floor(exact + 0.5), 6);
      }),
    );
  });
  it('summarise: sample sd, median of even n', () => {
    expect(summarise([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, median: 4.5, sd: Math.sqrt(32 / 7), min: 2, max: 9 });
    expect(summarise([])).toEqual({ n: 0, mean: null, median: null, sd: null, min: null, max: null });
  });
});
