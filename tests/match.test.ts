import { describe, expect, it } from 'vitest';
import { compile } from '../src/codebook/compile.js';
import { parseCodebook } from '../src/codebook/load.js';
import { codeText, merge } from '../src/code/match.js';

/** Builds a matcher from YAML and codes one text: theme → [hits, matched strings]. */
function code(yaml: string, text: string): Record<string, [number, string[]]> {
  const m = compile(parseCodebook(yaml, 'test.yaml'));
  const out: Record<string, [number, string[]]> = {};
  for (const c of codeText(m, text)) out[c.theme] = [c.hits, c.spans.map(([s, e]) => text.slice(s, e))];
  return out;
}
const one = (patterns: string, extra = '') => `name: t\nthemes:\n  t:\n    label: T\n    patterns: ${patterns}\n${extra}`;

describe('word patterns', () => {
  it('match a token equal to the word, whatever its case', () => {
    expect(code(one('[lead]'), 'We LEAD. We lead-in. Leader.')).toEqual({ t: [1, ['LEAD']] });
  });
  it('never match inside a longer token', () => {
    expect(code(one('[lead]'), 'leadership misleading')).toEqual({});
  });
  it('match an apostrophe word whichever apostrophe the text uses', () => {
    expect(code(one(`["don't"]`), 'I don’t know')).toEqual({ t: [1, ['don’t']] });
  });
});

describe('globs', () => {
  it('* matches any run of characters, also none, within one token', () => {
    expect(code(one('[lead*]'), 'lead leader leadership mislead')).toEqual({ t: [3, ['lead', 'leader', 'leadership']] });
  });
  it('* can stand at the start or the middle', () => {
    expect(code(one('["*ship"]'), 'leadership ship shipping')).toEqual({ t: [2, ['leadership', 'ship']] });
    expect(code(one('["c*t"]'), 'cat chart cats ct')).toEqual({ t: [3, ['cat', 'chart', 'ct']] });
  });
  it('? matches exactly one character', () => {
    expect(code(one('["band 8?"]'), 'band 8a, band 8, band 8ab')).toEqual({ t: [1, ['band 8a']] });
    expect(code(one('["marginali?ed"]'), 'marginalised marginalized marginaled')).toEqual({ t: [2, ['marginalised', 'marginalized']] });
  });
  it('may contain hyphens and apostrophes', () => {
    expect(code(one('["co-*", "isn\'t*"]'), 'co-production, co-facilitated, co production, isn’t')).toEqual({ t: [3, ['co-production', 'co-facilitated', 'isn’t']] });
  });
  it('does not cross token boundaries', () => {
    expect(code(one('["lead*"]'), 'lead post')).toEqual({ t: [1, ['lead']] });
    expect(code(one('["co*tion"]'), 'co production')).toEqual({});
  });
});

describe('phrases', () => {
  it('match consecutive tokens of one segment, across punctuation and line breaks', () => {
    expect(code(one('[parity of esteem]'), 'Parity, of\nesteem! parity esteem')).toEqual({ t: [1, ['Parity, of\nesteem']] });
  });
  it('may contain globs', () => {
    expect(code(one('[lead* post*]'), 'leadership posts; lead role')).toEqual({ t: [1, ['leadership posts']] });
  });
  it('need every word', () => {
    expect(code(one('[glass ceiling]'), 'glass windows; a ceiling')).toEqual({});
  });
});

describe('gaps (`~N`: the next word within N tokens, in the same sentence)', () => {
  it('allow up to N tokens between the words, and none', () => {
    const yaml = one('["psycholog* ~3 decid*"]');
    expect(code(yaml, 'The psychologists decide.')).toEqual({ t: [1, ['psychologists decide']] });
    expect(code(yaml, 'Psychology, as ever, simply decided.')).toEqual({ t: [1, ['Psychology, as ever, simply decided']] });
    expect(code(yaml, 'Psychology, as it has always done, decided.')).toEqual({});
  });
  it('keep the order of the words', () => {
    expect(code(one('["psycholog* ~3 decid*"]'), 'They decide for psychology.')).toEqual({});
  });
  it('do not cross a sentence end (. ! ?), unlike plain phrases', () => {
    expect(code(one('["psycholog* ~3 decid*"]'), 'It is psychology. They decide.')).toEqual({});
    expect(code(one('["psycholog* ~3 decid*"]'), 'Psychology? Decided.')).toEqual({});
    expect(code(one('["psycholog* ~3 decid*"]'), 'Psychology, you see, decides')).toEqual({ t: [1, ['Psychology, you see, decides']] });
  });
  it('run from each start to the nearest end: a pattern said twice is two mentions', () => {
    expect(code(one('["psycholog* ~5 decid*"]'), 'psychologists decide and psychologists decide again')).toEqual({ t: [2, ['psychologists decide', 'psychologists decide']] });
    expect(code(one('["psycholog* ~5 decid*"]'), 'psychology decides, decides and decides')).toEqual({ t: [1, ['psychology decides']] });
  });
  it('combine with phrases and several gaps', () => {
    const yaml = one('["lead* post* ~2 cut", "team ~2 lead ~1 post*"]');
    expect(code(yaml, 'The lead post was cut.')).toEqual({ t: [1, ['lead post was cut']] });
    expect(code(yaml, 'the team will lead the posts')).toEqual({ t: [1, ['team will lead the posts']] });
    expect(code(yaml, 'the team will lead all the posts')).toEqual({});
  });
  it('work in exclude patterns', () => {
    expect(code(one('[valued]', '    exclude: ["not ~2 valued"]\n'), 'We are not really valued.')).toEqual({});
    expect(code(one('[valued]', '    exclude: ["not ~2 valued"]\n'), 'Not at all. We are valued.')).toEqual({ t: [1, ['valued']] });
  });
});

describe('alternatives (`(a|b)` in a word pattern: one pattern per alternative)', () => {
  it('stand for each alternative, written in place; an empty one drops the group', () => {
    const yaml = one('["(psycholog*|cbt) ~4 (decides|holds the)", "lead(s|ing|) (very |)well"]');
    expect(code(yaml, 'CBT always holds the cards.')).toEqual({ t: [1, ['CBT always holds the']] });
    expect(code(yaml, 'Psychology decides.')).toEqual({ t: [1, ['Psychology decides']] });
    expect(code(yaml, 'leading very well; lead well; leader well')).toEqual({ t: [2, ['leading very well', 'lead well']] });
  });
  it('are counted one by one and deduplicated', () => {
    const cb = parseCodebook(one('["(a|a|b) c"]'), 'test.yaml');
    expect(cb.themes[0]!.patterns.map((p) => (p.kind === 'words' ? p.words.join(' ') : ''))).toEqual(['a c', 'b c']);
  });
});

describe('regular expressions', () => {
  it('run on the segment text with their own flags', () => {
    expect(code(one('["/not (seen|treated) as equals?/i"]'), 'We are NOT seen as equal. not treated as equals')).toEqual({
      t: [2, ['NOT seen as equal', 'not treated as equals']],
    });
  });
  it('are case-sensitive without the i flag', () => {
    expect(code(one('["/NICE/"]'), 'nice weather, NICE guidance')).toEqual({ t: [1, ['NICE']] });
  });
});

describe('exclude', () => {
  it('a segment matching any exclude pattern is not coded with the theme', () => {
    const yaml = one('[lead*]', '    exclude: [leading question, "/lead (paint|pipes?)/i"]\n');
    expect(code(yaml, 'That was a leading question about leadership.')).toEqual({});
    expect(code(yaml, 'Old lead pipes.')).toEqual({});
    expect(code(yaml, 'Leadership matters.')).toEqual({ t: [1, ['Leadership']] });
  });
});

describe('sub-themes', () => {
  const yaml = `name: t
themes:
  parent:
    label: P
    patterns: [parity]
    exclude: [parity bit]
    themes:
      a:
        label: A
        patterns: [mental health]
      b:
        label: B
        patterns: [health care]
        themes:
          c:
            label: C
            patterns: [hierarch*]
`;
  it('a parent codes every segment any sub-theme codes, at any depth', () => {
    expect(Object.keys(code(yaml, 'It is hierarchical.'))).toEqual(['parent', 'b', 'c']);
  });
  it("a parent's own exclude does not remove its sub-themes' codes", () => {
    expect(code(yaml, 'parity bit in mental health')).toEqual({ parent: [1, ['mental health']], a: [1, ['mental health']] });
  });
  it("a parent's hits are the union of its own spans and its sub-themes' spans", () => {
    const r = code(yaml, 'Parity in mental health care');
    expect(r.a).toEqual([1, ['mental health']]);
    expect(r.b).toEqual([1, ['health care']]);
    // "mental health" and "health care" overlap over "mental health care": one mention.
    expect(r.parent).toEqual([2, ['Parity', 'mental health care']]);
  });
});

describe('hits (overlapping spans merge into one mention)', () => {
  it('tax* and taxes on "taxes" is one hit (quanteda)', () => {
    expect(code(one('["tax*", taxes]'), 'taxes and more taxes')).toEqual({ t: [2, ['taxes', 'taxes']] });
  });
  it('"mental health" and "health care" over "mental health care" is one', () => {
    expect(code(one('[mental health, health care]'), 'mental health care; health care')).toEqual({ t: [2, ['mental health care', 'health care']] });
  });
  it('adjacent spans that do not share a character stay two mentions', () => {
    expect(code(one('[lead, post]'), 'lead post')).toEqual({ t: [2, ['lead', 'post']] });
  });
  it('a regex and a word pattern over the same words are one mention', () => {
    expect(code(one('[hierarchical, "/psychology is hierarchical/i"]'), 'Psychology is hierarchical.')).toEqual({ t: [1, ['Psychology is hierarchical']] });
  });
  it('merge() sorts and merges overlapping spans', () => {
    expect(merge([[5, 9], [0, 3], [2, 4], [9, 10]])).toEqual([[0, 4], [5, 9], [9, 10]]);
  });
});
