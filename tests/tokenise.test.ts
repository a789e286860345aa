import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tokenise } from '../src/code/tokenise.js';

const keys = (s: string) => tokenise(s).keys;

describe('tokens (SPEC §1)', () => {
  it('are maximal runs of letters, marks and digits, case-folded', () => {
    expect(keys('Psychology is HIERARCHICAL, isn’t it? Band 8a.')).toEqual(['psychology', 'is', 'hierarchical', "isn't", 'it', 'band', '8a']);
  });
  it('join an apostrophe or hyphen between two word characters', () => {
    expect(keys("don't co-production mind-body-spirit")).toEqual(["don't", 'co-production', 'mind-body-spirit']);
    expect(keys("don’t")).toEqual(["don't"]);
    expect(keys('co\u2010production')).toEqual(['co-production']);
  });
  it('do not join a trailing or doubled apostrophe or hyphen', () => {
    expect(keys("therapists' views -- well -yes 'quoted'")).toEqual(['therapists', 'views', 'well', 'yes', 'quoted']);
    expect(keys('a--b')).toEqual(['a', 'b']);
  });
  it('handle accents, combining marks and non-Latin scripts', () => {
    expect(keys('Café naïve e\u0301te ΨΥΧΟΛΟΓΊΑ 東京')).toEqual(['café', 'naïve', 'e\u0301te', 'ψυχολογία', '東京']);
  });
  it('keep astral-plane letters and give offsets in the original text', () => {
    const t = tokenise('x 𝐀𝐁 y');
    expect(t.keys).toEqual(['x', '𝐀𝐁', 'y']);
    expect(t.starts).toEqual([0, 2, 7]);
    expect(t.ends).toEqual([1, 6, 8]);
  });
  it('fold case per token when lower-casing changes the length', () => {
    const t = tokenise('İstanbul lead');
    expect(t.keys[1]).toBe('lead');
    expect('İstanbul'.slice(t.starts[0], t.ends[0])).toBe('İstanbul');
  });
  it('treat * and ? as word characters only for patterns', () => {
    expect(keys('lead* ?ay')).toEqual(['lead', 'ay']);
    expect(tokenise('lead* ?ay co-*', true).keys).toEqual(['lead*', '?ay', 'co-*']);
  });
  it('property: tokens are ordered, disjoint and each is the lower-cased text of its span', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const t = tokenise(s);
        for (let i = 0; i < t.length; i++) {
          expect(t.starts[i]!).toBeLessThan(t.ends[i]!);
          if (i > 0) expect(t.starts[i]!).toBeGreaterThan(t.ends[i - 1]!);
          const raw = s.slice(t.starts[i], t.ends[i]).toLowerCase().replace(/\u2019/g, "'").replace(/[\u2010\u2011]/g, '-');
          expect(t.keys[i]).toBe(raw);
        }
      }),
      { numRuns: 300 },
    );
  });
});
