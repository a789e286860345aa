/**
 * Codebook → Matcher, once per run. Every word of every word pattern becomes a numbered *term*
 * (a literal token or a glob); a token's terms are looked up once per distinct token text and
 * remembered, so a run costs one hash look-up per token whatever the size of the codebook.
 */
import type { Codebook, Theme } from './model.js';
import { requiredFragments } from './prefilter.js';

export interface CompiledPattern {
  /** Index of the owning theme in Matcher.themes. */
  theme: number;
  exclude: boolean;
  /** Word patterns: term ids, one per consecutive token. */
  terms: Int32Array | null;
  /** Regular-expression patterns (global flag set). */
  regex: RegExp | null;
}

export interface Matcher {
  codebook: Codebook;
  themes: Theme[];
  /** Per theme: indices of its direct sub-themes. */
  children: number[][];
  /** Theme indices, children before parents (for the union of sub-themes). */
  bottomUp: number[];
  patterns: CompiledPattern[];
  /** Word patterns by their first term: term id → pattern ids. */
  byFirstTerm: Map<number, number[]>;
  /** Regular-expression patterns that must run on every segment (no literal prefilter). */
  alwaysRegexes: number[];
  /** Number of regular-expression patterns, prefiltered or not. */
  regexCount: number;
  /** Token text → the terms it matches and the regexes it may trigger (memoised). */
  lookup(token: string): TokenInfo;
  termCount: number;
}

export interface TokenInfo {
  /** Ids of the word-pattern terms the token matches, ascending. */
  terms: Int32Array;
  /** Pattern ids of regexes that may match a segment holding this token. */
  regexes: Int32Array;
}

const EMPTY = new Int32Array(0);
const NOTHING: TokenInfo = { terms: EMPTY, regexes: EMPTY };
/** Bound on remembered token texts, so that memory stays flat on any corpus. */
const MEMO_LIMIT = 200_000;

export function compile(codebook: Codebook): Matcher {
  const themes = codebook.themes;
  const index = new Map(themes.map((t, i) => [t.id, i]));
  const children = themes.map((t) => t.children.map((c) => index.get(c)!));
  const bottomUp = themes.map((_, i) => i).sort((a, b) => themes[b]!.depth - themes[a]!.depth);

  const literal = new Map<string, number>();
  const globs: Array<{ id: number; re: RegExp; text: string }> = [];
  const globIds = new Map<string, number>();
  let termCount = 0;
  const termId = (word: string): number => {
    if (/[*?]/.test(word)) {
      let id = globIds.get(word);
      if (id === undefined) {
        id = termCount++;
        globIds.set(word, id);
        globs.push({ id, re: globToRegExp(word), text: word });
      }
      return id;
    }
    let id = literal.get(word);
    if (id === undefined) {
      id = termCount++;
      literal.set(word, id);
    }
    return id;
  };

  const patterns: CompiledPattern[] = [];
  const byFirstTerm = new Map<number, number[]>();
  const alwaysRegexes: number[] = [];
  let regexCount = 0;
  // Literal fragments of regexes: fragment → regex pattern ids that need it.
  const fragments = new Map<string, number[]>();
  themes.forEach((theme, ti) => {
    for (const [list, exclude] of [[theme.patterns, false], [theme.exclude, true]] as const) {
      for (const p of list) {
        const pid = patterns.length;
        if (p.kind === 'regex') {
          patterns.push({ theme: ti, exclude, terms: null, regex: new RegExp(p.regex.source, p.regex.flags) });
          regexCount++;
          const frags = requiredFragments(p.regex.source);
          if (frags === null) alwaysRegexes.push(pid);
          else for (const f of frags) fragments.set(f, [...(fragments.get(f) ?? []), pid]);
        } else {
          const terms = Int32Array.from(p.words.map(termId));
          patterns.push({ theme: ti, exclude, terms, regex: null });
          const first = terms[0]!;
          const list2 = byFirstTerm.get(first);
          if (list2) list2.push(pid);
          else byFirstTerm.set(first, [pid]);
        }
      }
    }
  });

  const fragmentList = [...fragments.entries()];
  const memo = new Map<string, TokenInfo>();
  const lookup = (token: string): TokenInfo => {
    const hit = memo.get(token);
    if (hit !== undefined) return hit;
    const found: number[] = [];
    const lit = literal.get(token);
    if (lit !== undefined) found.push(lit);
    for (const g of globs) if (g.re.test(token)) found.push(g.id);
    const triggered = new Set<number>();
    for (const [frag, pids] of fragmentList) if (token.includes(frag)) for (const pid of pids) triggered.add(pid);
    const info: TokenInfo =
      found.length === 0 && triggered.size === 0
        ? NOTHING
        : { terms: found.length === 0 ? EMPTY : Int32Array.from(found.sort((a, b) => a - b)), regexes: Int32Array.from(triggered) };
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(token, info);
    return info;
  };

  return { codebook, themes, children, bottomUp, patterns, byFirstTerm, alwaysRegexes, regexCount, lookup, termCount };
}

/** `*` = any run of characters (also none), `?` = exactly one; anchored to the whole token. */
export function globToRegExp(glob: string): RegExp {
  let src = '';
  for (const ch of glob) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'su');
}
