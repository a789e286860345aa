// The regex prefilter and the fast tokeniser are optimisations only: coding with them must equal
// coding with every regular expression run on every segment, and the tokens must be tokenise()'s.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, globToRegExp, type Matcher } from '../src/codebook/compile.js';
import { parseCodebook } from '../src/codebook/load.js';
import { isGap } from '../src/codebook/model.js';
import { minMatchLength, regexFilter, withoutLookarounds } from '../src/codebook/prefilter.js';
import { codeText, merge, scanTokens } from '../src/code/match.js';
import { tokenise } from '../src/code/tokenise.js';
import { ROOT } from './helpers.js';

const CODEBOOK = path.join(ROOT, 'codebooks', 'adm-dual-identity.yaml');
const TRANSCRIPTS = path.join(ROOT, 'transcripts');

const codebook = parseCodebook(readFileSync(CODEBOOK, 'utf8'), CODEBOOK);
const fast = compile(codebook);
// Relaxed twins of regexes with lookarounds from the first offset (by default only after 500).
const eager = compile(codebook, { relaxAfter: 0 });
const plain = compile(codebook, { prefilter: false });

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : /\.(txt|md)$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

// Words of the shipped transcripts, and the literal words of the codebook's regexes (so that
// random sentences often come near a match), plus examples and odd characters.
const transcriptWords = [...new Set(filesUnder(TRANSCRIPTS).flatMap((f) => readFileSync(f, 'utf8').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []))].sort();
const regexSources = codebook.themes.flatMap((t) => [...t.patterns, ...t.exclude]).flatMap((p) => (p.kind === 'regex' ? [p.regex.source] : []));
const regexWords = [...new Set(regexSources.flatMap((s) => s.replace(/\\[a-zA-Z]/g, ' ').match(/[A-Za-z]{2,}/g) ?? []))].sort();
const examples = codebook.themes.flatMap((t) => [...t.examples.match, ...t.examples.noMatch].map((e) => e.text));
// The word patterns themselves (globs filled in), so that phrases match often.
const phrases = codebook.themes
  .flatMap((t) => [...t.patterns, ...t.exclude])
  .flatMap((p) => (p.kind === 'words' ? [p.words.map((w) => w.replace(/\*/g, 'ed').replace(/\?/g, 's')).join(' ')] : []));
const ODD = ['İstanbul', 'ΣΟΦΟΣ', 'ſtrategy', 'K-team', 'café', 'naïve', 'e\u0301te', '𝐀𝐁', '😀', 'don’t', 'co‐production', 'x_y', '8b', 'AHP’s'];

const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...transcriptWords) },
  { weight: 6, arbitrary: fc.constantFrom(...regexWords) },
  { weight: 3, arbitrary: fc.constantFrom(...phrases) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
);
const casing = fc.constantFrom<(w: string) => string>((w) => w, (w) => w.toUpperCase(), (w) => w[0]!.toUpperCase() + w.slice(1));
const gap = fc.constantFrom(' ', ' ', ' ', ' ', ', ', '. ', '! ', '? ', '; ', ' - ', '-', "'", '’', '\n', '  ', '... ', '_');
const sentence = fc
  .array(fc.tuple(word, casing, gap), { minLength: 1, maxLength: 60 })
  .map((parts) => parts.map(([w, c, g]) => c(w) + g).join(''));
const text = fc.oneof({ weight: 8, arbitrary: sentence }, { weight: 1, arbitrary: fc.constantFrom(...examples) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) });

const coded = (m: Matcher, t: string) => codeText(m, t).map((c) => [c.theme, c.hits, c.spans.map(([s, e]) => t.slice(s, e)).join('|')].join(' '));

describe('regex prefilter (shipped codebook)', () => {
  it('codes random sentences exactly as running every regex on every segment does', () => {
    fc.assert(
      fc.property(text, (t) => {
        const want = coded(plain, t);
        expect(coded(fast, t)).toEqual(want);
        expect(coded(eager, t)).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('codes the shipped transcripts exactly as without the prefilter', () => {
    for (const f of filesUnder(TRANSCRIPTS)) {
      for (const line of readFileSync(f, 'utf8').split(/\r?\n/)) {
        const want = coded(plain, line);
        expect(coded(fast, line)).toEqual(want);
        expect(coded(eager, line)).toEqual(want);
      }
    }
  });

  it('derives clauses for most regexes', () => {
    const filtered = regexSources.filter((s) => regexFilter(s, 'i').clauses.length > 0).length;
    expect(filtered).toBeGreaterThan(regexSources.length * 0.9);
  });
});

/**
 * SPEC §1 written plainly, as the reference: tokenise(), every word pattern tried at every token,
 * every regex scanned over the whole text, excludes, parents as the union of their sub-themes.
 */
function reference(t: string, cb = codebook): string[] {
  const tokens = tokenise(t);
  const themes = cb.themes;
  const own = new Map<string, Array<[number, number]>>();
  const excluded = new Set<string>();
  const found = (theme: string, exclude: boolean, span: [number, number]) => {
    if (exclude) excluded.add(theme);
    else own.set(theme, [...(own.get(theme) ?? []), span]);
  };
  for (const theme of themes) {
    for (const [list, exclude] of [[theme.patterns, false], [theme.exclude, true]] as const) {
      for (const p of list) {
        if (p.kind === 'regex') {
          const re = new RegExp(p.regex.source, p.regex.flags);
          for (let m = re.exec(t); m !== null; m = re.exec(t)) {
            if (m[0].length === 0) re.lastIndex++;
            else found(theme.id, exclude, [m.index, m.index + m[0].length]);
          }
          continue;
        }
        // Consecutive tokens; a gap word `~N` lets up to N tokens stand before the next word, in
        // one sentence (no . ! ? between); from each start, the nearest end counts.
        const words = p.words.map((w) => (isGap(w) ? Number(w.slice(1)) : /[*?]/.test(w) ? globToRegExp(w) : w));
        const fits = (w: string | RegExp, k: number) => k < tokens.keys.length && (typeof w === 'string' ? tokens.keys[k] === w : w.test(tokens.keys[k]!));
        const ends = (at: number, k: number): number[] => {
          if (at === words.length) return [k - 1];
          const w = words[at]!;
          if (typeof w === 'number') {
            const out: number[] = [];
            for (let j = k; j <= k + w && j < tokens.keys.length && !/[.!?]/.test(t.slice(tokens.ends[k - 1], tokens.starts[j])); j++) out.push(...ends(at + 1, j));
            return out;
          }
          return fits(w, k) ? ends(at + 1, k + 1) : [];
        };
        for (let i = 0; i < tokens.keys.length; i++) {
          const e = ends(0, i);
          if (e.length > 0) found(theme.id, exclude, [tokens.starts[i]!, tokens.ends[Math.min(...e)]!]);
        }
      }
    }
  }
  const spans = new Map<string, Array<[number, number]>>();
  const byId = new Map(themes.map((th) => [th.id, th]));
  const spansOf = (id: string): Array<[number, number]> => {
    if (!spans.has(id)) {
      const all = [...(excluded.has(id) ? [] : (own.get(id) ?? [])), ...byId.get(id)!.children.flatMap(spansOf)];
      spans.set(id, all.length === 0 ? [] : merge(all));
    }
    return spans.get(id)!;
  };
  return themes.flatMap((th) => {
    const s = spansOf(th.id);
    return s.length === 0 ? [] : [[th.id, s.length, s.map(([a, b]) => t.slice(a, b)).join('|')].join(' ')];
  });
}

describe('matcher against a plain reading of SPEC §1', () => {
  // The reference tries every one of the shipped codebook's ~18,000 patterns on every text, so
  // this runs 600 texts (about 10 s) with room for a slow CI machine.
  it('codes random sentences like the reference implementation', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(coded(fast, t)).toEqual(reference(t));
      }),
      { numRuns: 600 },
    );
  }, 120_000);
  it('codes gaps (`~N`) like the reference implementation', () => {
    const gaps = parseCodebook(
      [
        'name: gaps',
        'themes:',
        '  near:',
        '    label: Near',
        "    patterns: ['psycholog* ~3 valu*', 'the ~1 the', 'we ~5 lead*', 'lead* post* ~2 cut*', 'i ~2 think ~2 that', 'not ~1 *']",
        '    themes:',
        '      sub:',
        '        label: Sub',
        "        patterns: ['a ~4 a', 'team ~30 psycholog*']",
        "        exclude: ['never ~2 again']",
      ].join('\n'),
      'gaps.yaml',
    );
    const m = compile(gaps);
    fc.assert(
      fc.property(text, (t) => {
        expect(coded(m, t)).toEqual(reference(t, gaps));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('alternatives expand to their product', () => {
  it('a pattern with (a|b) groups codes exactly as the patterns it stands for, written out', () => {
    const small = fc.constantFrom('psycholog*', 'the', 'we', 'lead*', 'valued', 'not', 'team', 'ahp*', "don't", 'post?');
    const option = fc.array(small, { minLength: 0, maxLength: 2 }).map((ws) => ws.join(' '));
    const group = fc.array(option, { minLength: 1, maxLength: 3 });
    const piece = fc.oneof(small, group, fc.constantFrom('~2', '~4'));
    const pattern = fc.array(piece, { minLength: 1, maxLength: 4 }).filter((ps) => typeof ps[0] !== 'string' || !ps[0].startsWith('~'));
    fc.assert(
      fc.property(pattern, text, (pieces, t) => {
        // Written with groups, and written out by hand (the product of the groups).
        const grouped = pieces.map((p) => (typeof p === 'string' ? p : `(${p.join('|')})`)).join(' ');
        let out = [''];
        for (const p of pieces) out = out.flatMap((o) => (typeof p === 'string' ? [p] : p).map((q) => `${o} ${q}`));
        const yaml = (list: string[]) => `name: t\nthemes:\n  t:\n    label: T\n    patterns: [${list.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]\n`;
        let a: Matcher, b: Matcher;
        try {
          a = compile(parseCodebook(yaml([grouped]), 'a.yaml'));
        } catch {
          // Refused (a gap without words on one side, only empty words): so is some expansion.
          expect(() => out.forEach((o) => parseCodebook(yaml([o.trim() || ' ']), 'b.yaml'))).toThrow();
          return;
        }
        b = compile(parseCodebook(yaml(out.map((o) => o.trim())), 'b.yaml'));
        expect(coded(a, t)).toEqual(coded(b, t));
      }),
      { numRuns: 400 },
    );
  });
});

describe('regex prefilter (edge cases)', () => {
  // Each regex is checked on texts that match it in corner ways.
  const cases: Array<[string, string[]]> = [
    ['/[^]{0,5}alpha/i', ['x alpha', 'alphabet', 'ALPHA']],
    ['/a[^]|bcd]efg/', ['ax', 'bcd]efg']],
    ['/\\cJalpha/', ['\nalpha', 'Jalpha']],
    ['/ab\\u{41}/', ['abu', 'abA', 'ab' + 'u'.repeat(41)]],
    ['/ab\\u{41}/u', ['abA', 'abu']],
    ['/\\bstrategy\\b/iu', ['ſtrategy', 'STRATEGY', 'strategies']],
    ['/\\bkelvin\\b/iu', ['\u212Aelvin', 'kelvin']],
    ['/\\bkelvin\\b/i', ['\u212Aelvin', 'kelvin']],
    ['/(?<=not )valued/i', ['not valued', 'valued']],
    ['/(\\w+) and \\1 again/i', ['this and this again.', 'x. and x. again']],
    ['/\\bteam\\b[^.!?]{0,20}\\bleads?\\b/i', ['team. lead', 'team lead', 'lead team', 'team-lead', 'teamlead', 'team_lead']],
    ['/\\bnot\\b[^,]{0,20}\\bvalued\\b/i', ['not. valued', 'not! valued', 'nothing valued']],
    ['/psycholog\\w*.{0,10}valued/i', ['psychologists. valued', 'psychology valued']],
    ['/\\b(?:café|naïve)\\s+ideas?\\b/i', ['café ideas', 'CAFÉ IDEA', 'naïve idea']],
    ['/\\bİstanbul\\b/i', ['İstanbul', 'istanbul']],
    ['/σοφος/i', ['ΣΟΦΟΣ', 'σοφος']],
    ['/\\bdon[\\x27\\u2019]t\\b/i', ["don't", 'don’t', 'dont']],
    ['/\\b(?:co[- ]?production)\\b/i', ['co-production', 'co‐production', 'co production']],
    ['/^lead/im', ['lead', 'a\nlead', 'x lead']],
    ['/lead$/m', ['lead', 'lead\nx', 'lead x']],
    ['/(?:)|lead/', ['lead']],
    ['/\\blead(?=s\\b)/i', ['leads', 'lead']],
    ['/[[a-z]--[aeiou]]ead/v', ['lead', 'read', 'aead']],
    // Joiners inside fragments (n't), two-letter whole words, optional letters written out.
    ['/(n[\\u2019\\x27]t|\\bnot)\\b[^.!?,;]{0,40}?\\bvalued\\b/i', ["don't feel valued", 'don’t feel valued', "n't valued", 'cannot valued', 'not, valued']],
    ['/\\b(PT|OTs?)\\b[^.!?]{0,20}\\bteam\\b/i', ['PT team', 'the OTs team', 'OT-team', 'PTs team', 'apt team', 'pt_team']],
    ['/\\bAHPs?\\b/', ['AHP', 'AHPs', 'AHPss', "AHP's", 'AHP-led']],
    ['/\\bla la\\b/i', ['la la la la', 'lala la', 'la la-la']],
    ['/\\blead(?:er)?s? lead/i', ['leaders lead leads lead', 'leader lead']],
    // Across sentence ends ([^] and .): the clauses hold in the segment, not in one sentence.
    ['/\\bpsycholog\\w*\\b[^]{0,30}?\\bvalued\\b/i', ['psychology. We are valued', 'Psychologists! valued', 'psychology_x valued']],
    ['/(?<!not )\\bvalued\\b/i', ['not valued. valued', 'not valued', 'valued']],
    ['/\\bvalue\\B/i', ['valued', 'value', 'values']],
    ['/\\bco\\u2010production/', ['co‐production', 'co-production']],
    ['/\\bk9\\b/i', ['\u212A9', 'k9', 'xk9']],
    ['/\\b8[a-d]\\b[^.!?]{0,20}\\bposts?\\b/', ['8a posts', '8e posts', 'band 8b. posts']],
    // Lookarounds: an anchored regex is first tried without them (RegexPlan.relaxed).
    ['/(?<=\\bpsycholog\\w*\\b[^.!?]{0,30})\\bvalued\\b/i', ['psychology valued', 'valued', 'psychologists. valued', 'psychologists say we are not valued, valued']],
    ['/\\b(?:not|never)\\b(?<!\\bif not)\\s+valued(?=[^.]*\\bby\\b)/i', ['not valued by them', 'if not valued by them', 'never valued. by', 'not valued']],
    ['/(?<![(])\\bteam(?!\\))\\b/', ['(team) team', '(team', 'team)', 'a team']],
    ['/\\bvalued(?:(?<=not valued)|ly)\\b/i', ['not valued', 'valued', 'valuedly', 'not valuedly']],
    ['/(?<=(?<!not )valued )\\bby (?:psychology|AHPs)/i', ['valued by psychology', 'not valued by AHPs', 'valued  by AHPs']],
  ];
  it('minMatchLength is a lower bound on every match, so the loader may skip running a regex on empty text', () => {
    const sources = [...cases.map(([s]) => s), ...regexSources.map((s) => `/${s}/i`), '/x*/', '/\\b/', '/(?=a)/', '/a?b?/', '/(a|)/'];
    for (const lit of sources) {
      const [, body, flags] = /^\/(.*)\/([a-z]*)$/s.exec(lit)!;
      let re: RegExp;
      try {
        re = new RegExp(body!, flags + 'g');
      } catch {
        continue;
      }
      const min = minMatchLength(body!, flags);
      if (min === null) continue;
      if (min > 0) expect(re.test(''), lit).toBe(false);
      re.lastIndex = 0;
      for (const t of [...cases.flatMap(([, ts]) => ts), ...examples.slice(0, 40), '']) {
        for (const m of t.matchAll(re)) expect(m[0].length, `${lit} on ${t}`).toBeGreaterThanOrEqual(min);
      }
    }
    expect(minMatchLength('x*')).toBe(0);
    expect(minMatchLength('\\bteam\\b')).toBe(4);
    expect(minMatchLength('(?<x>a)\\k<x>')).toBe(1);
  });
  it('withoutLookarounds drops only the lookarounds, so every match of a regex is a match of its relaxed form', () => {
    expect(withoutLookarounds('(?<=a(b)c)d')).toBe('d');
    expect(withoutLookarounds('a(?!b[)(])c')).toBe('ac');
    expect(withoutLookarounds('a[(?=]b')).toBeNull(); // a class, not a lookahead
    expect(withoutLookarounds('x(?:(?<=y)|z)')).toBe('x(?:|z)');
    expect(withoutLookarounds('x(?=(y))\\1')).toBeNull(); // a backreference
    expect(withoutLookarounds('plain')).toBeNull();
    const relaxed = regexSources.flatMap((src) => {
      const r = withoutLookarounds(src);
      return r === null ? [] : [{ full: new RegExp(src, 'giu'), relaxed: new RegExp(r, 'iuy') }];
    });
    expect(relaxed.length).toBeGreaterThan(50);
    fc.assert(
      fc.property(text, (t) => {
        for (const { full, relaxed: r } of relaxed) {
          full.lastIndex = 0;
          for (const m of t.matchAll(full)) {
            r.lastIndex = m.index;
            expect(r.test(t), `${full.source} at ${m.index} of ${t}`).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
  for (const [source, texts] of cases) {
    it(source, () => {
      const yaml = `name: t\nthemes:\n  t:\n    label: T\n    patterns: ['${source.replace(/'/g, "''")}', never-matching-word]\n`;
      let cb;
      try {
        cb = parseCodebook(yaml, 't.yaml');
      } catch {
        return; // refused by the loader (e.g. matches empty text): nothing to compare
      }
      const a = compile(cb);
      const relaxed = compile(cb, { relaxAfter: 0 });
      const b = compile(cb, { prefilter: false });
      for (const t of texts) {
        for (const ctx of [t, `We said ${t}. Then ${t}!`, `${t}${t}`]) {
          expect(coded(a, ctx)).toEqual(coded(b, ctx));
          expect(coded(relaxed, ctx)).toEqual(coded(b, ctx));
        }
      }
    });
  }
});

describe('fast tokeniser', () => {
  it('gives tokenise() tokens on random text', () => {
    fc.assert(
      fc.property(fc.oneof(sentence, fc.string({ unit: 'grapheme', maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 60 })), (t) => {
        const ref = tokenise(t);
        const got = scanTokens(fast, t);
        expect(got.keys).toEqual(ref.keys);
        expect(got.starts).toEqual(ref.starts);
        expect(got.ends).toEqual(ref.ends);
      }),
      { numRuns: 2000 },
    );
  });
});
