/**
 * Codebook → Matcher, once per run. Every word of every word pattern becomes a numbered *term*
 * (a literal token or a glob); a token's terms are looked up once per distinct token text and
 * remembered, so a run costs one hash look-up per token whatever the size of the codebook.
 *
 * Regular expressions are guarded by a literal prefilter (prefilter.ts): each regex needs a few
 * *clauses* (numbered, shared between regexes), each satisfied by a token containing one of its
 * fragments. The token look-up also gives the clauses a token satisfies, as a sparse bit set, and
 * a regex runs only where every one of its clauses is satisfied: in the segment, or in one
 * sentence of it for a regex whose matches cannot cross a sentence end (see match.ts).
 */
import { isGap, type AgreementRule, type Codebook, type Theme } from './model.js';
import { fragmentKey, letters, regexFilter, withoutLookarounds } from './prefilter.js';

export interface CompiledPattern {
  /** Index of the owning theme in Matcher.themes. */
  theme: number;
  exclude: boolean;
  /** Word patterns: term ids, one per consecutive token. */
  terms: Int32Array | null;
  /** Regular-expression patterns (global flag set). */
  regex: RegExp | null;
  /** Regular-expression patterns: how the prefilter guards it (null: run on every segment). */
  plan: RegexPlan | null;
}

/** How a regular expression is prefiltered and run (see match.ts). */
export interface RegexPlan {
  /** The clauses it needs, as a bit set over clause ids in (word index, bits) pairs. */
  maskWord: Int32Array;
  maskBits: Int32Array;
  /** Its clauses must hold within one sentence: no match contains `.`, `!` or `?`. */
  sentence: boolean;
  /** It may also be run on one sentence cut out of the text (see RegexFilter.local). */
  local: boolean;
  /**
   * A clause every match starts with a fragment of, the match never being empty; -1 if none.
   * The regex is then tried (as `sticky`) only where such a fragment occurs.
   */
  anchor: number;
  sticky: RegExp | null;
  /**
   * An anchored regex with lookarounds: the same without them (withoutLookarounds), sticky,
   * tried first at an offset; the regex itself runs there only when it matches.
   */
  relaxed: RegExp | null;
}

export interface Matcher {
  codebook: Codebook;
  themes: Theme[];
  /** Per theme: indices of its direct sub-themes. */
  children: number[][];
  /** Theme indices, children before parents (for the union of sub-themes). */
  bottomUp: number[];
  patterns: CompiledPattern[];
  /** Regular-expression patterns that must run on every segment (no prefilter). */
  alwaysRegexes: number[];
  /** Number of regular-expression patterns, prefiltered or not. */
  regexCount: number;
  /** Number of prefilter clauses (ids 0 … clauseCount-1), and of 32-bit words in a clause bit set. */
  clauseCount: number;
  clauseWords: number;
  /**
   * Each prefiltered regex has one *trigger* clause (its most selective one): the regexes whose
   * clauses all hold are found among those whose trigger holds. triggerMask = the trigger clauses
   * as a bit set; triggerUsers = per clause, the regexes it triggers.
   */
  triggerMask: Int32Array;
  triggerUsers: Int32Array[];
  /** Token text → what it matches (memoised). */
  lookup(token: string): TokenInfo;
  /** Token text → what it matches, computed afresh (the coder memoises it its own way). */
  describe(token: string): TokenInfo;
  termCount: number;
  /** Term ids of gap words (`~N`, see Pattern) → N. No token has such a term. */
  gaps: Map<number, number>;
  /**
   * `in_answer_to` rules: `themes` holds the codebook's themes (0 … visible-1), then one hidden
   * theme per rule with the rule's answer patterns and its theme's excludes, so that one scan of
   * a turn finds both; answerOf[k] = the codebook theme of hidden theme visible + k. `question`:
   * the rules' question patterns as a flat codebook (one theme per rule, same id), or null.
   */
  visible: number;
  answerOf: number[];
  question: Matcher | null;
  /** The codebook's `agreement` patterns as a one-theme codebook (theme `agreement`), or null. */
  agreement: Matcher | null;
  /** See CompileOptions.relaxAfter. */
  relaxAfter: number;
}

export interface TokenInfo {
  /** Ids of the word-pattern terms the token matches, ascending. */
  terms: Int32Array;
  /** Ids of the word patterns whose first term the token matches. */
  starts: Int32Array;
  /** Ids of the prefilter clauses the token satisfies, ascending ... */
  clauses: Int32Array;
  /** ... and the same as a sparse bit set: (word index, bits) pairs. */
  bitWord: Int32Array;
  bitMask: Int32Array;
  /** The anchor clauses (see RegexPlan.anchor) among `clauses` ... */
  anchors: Int32Array;
  /** ... and for each, the offsets in the token where one of its fragments starts, ascending. */
  anchorOffsets: Int32Array[];
}

export interface CompileOptions {
  /**
   * false: run every regular expression on every segment (no literal prefilter). Results are the
   * same, only slower; tests use it to check the prefilter.
   */
  prefilter?: boolean;
  /**
   * Offsets an anchored regex with lookarounds is tried at before its relaxed twin is tried first
   * there (RegexPlan.relaxed; default 500: the twin is one more regex to compile, worth it only
   * for a regex tried often). Tests set 0 to use the twin from the start.
   */
  relaxAfter?: number;
}

const EMPTY = new Int32Array(0);
/** The answer for the many tokens that match nothing: compared by identity in the hot loop. */
export const NOTHING: TokenInfo = Object.freeze({
  terms: EMPTY,
  starts: EMPTY,
  clauses: EMPTY,
  bitWord: EMPTY,
  bitMask: EMPTY,
  anchors: EMPTY,
  anchorOffsets: [],
});
/** Bound on remembered token texts, so that memory stays flat on any corpus. */
export const MEMO_LIMIT = 200_000;

/** Clause ids → sparse bit set: (word index, bits) pairs, ascending words. */
function bitSet(ids: Iterable<number>): { words: Int32Array; bits: Int32Array } {
  const byWord = new Map<number, number>();
  for (const c of ids) byWord.set(c >> 5, (byWord.get(c >> 5) ?? 0) | (1 << (c & 31)));
  const words = [...byWord.keys()].sort((a, b) => a - b);
  return { words: Int32Array.from(words), bits: Int32Array.from(words.map((w) => byWord.get(w)!)) };
}

/** Higher = more selective: long fragments first, then few of them (as in prefilter.ts). */
function selectivity(fragments: string[]): number {
  return Math.min(...fragments.map((f) => f.length)) * 100 - fragments.length;
}

export function compile(codebook: Codebook, options: CompileOptions = {}): Matcher {
  const usePrefilter = options.prefilter !== false;
  const visible = codebook.themes;
  const ruled = visible.filter((t) => t.inAnswerTo !== null);
  // The theme's own excludes rule its hidden twin out too (Coder.collect), so it needs none.
  const hidden: Theme[] = ruled.map((t) => ({ ...t, patterns: t.inAnswerTo!.patterns, exclude: [], inAnswerTo: null, parent: null, children: [], depth: 0 }));
  const themes = hidden.length === 0 ? visible : [...visible, ...hidden];
  const index = new Map(visible.map((t, i) => [t.id, i]));
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
  // Clauses, numbered by content (regexes often share one).
  const clauseIds = new Map<string, number>();
  const clauseFragments: string[][] = [];
  const clauseId = (fragments: string[]): number => {
    const key = fragments.join('\u0000');
    let id = clauseIds.get(key);
    if (id === undefined) {
      id = clauseFragments.length;
      clauseIds.set(key, id);
      clauseFragments.push(fragments);
    }
    return id;
  };
  const triggers: Array<[clause: number, pid: number]> = [];
  themes.forEach((theme, ti) => {
    for (const [list, exclude] of [[theme.patterns, false], [theme.exclude, true]] as const) {
      for (const p of list) {
        const pid = patterns.length;
        if (p.kind === 'regex') {
          const { source, flags } = p.regex;
          const regex = new RegExp(source, flags);
          regexCount++;
          const filter = usePrefilter ? regexFilter(source, flags) : null;
          const clauses = filter === null ? [] : [...filter.clauses];
          if (filter?.anchor) clauses.push(filter.anchor);
          if (filter === null || clauses.length === 0) {
            patterns.push({ theme: ti, exclude, terms: null, regex, plan: null });
            alwaysRegexes.push(pid);
            continue;
          }
          const ids = clauses.map(clauseId);
          const mask = bitSet(ids);
          let best = 0;
          for (let k = 1; k < clauses.length; k++) if (selectivity(clauses[k]!) > selectivity(clauses[best]!)) best = k;
          triggers.push([ids[best]!, pid]);
          const anchored = filter.anchor !== null;
          const sticky = flags.replace('g', '') + 'y';
          const relaxed = anchored ? withoutLookarounds(source) : null;
          patterns.push({
            theme: ti,
            exclude,
            terms: null,
            regex,
            plan: {
              maskWord: mask.words,
              maskBits: mask.bits,
              sentence: filter.sentence,
              local: filter.local,
              anchor: anchored ? ids[ids.length - 1]! : -1,
              sticky: anchored ? new RegExp(source, sticky) : null,
              relaxed: relaxed === null ? null : regExpOrNull(relaxed, sticky),
            },
          });
        } else {
          const terms = Int32Array.from(p.words.map(termId));
          patterns.push({ theme: ti, exclude, terms, regex: null, plan: null });
          const first = terms[0]!;
          const list2 = byFirstTerm.get(first);
          if (list2) list2.push(pid);
          else byFirstTerm.set(first, [pid]);
        }
      }
    }
  });

  const clauseCount = clauseFragments.length;
  const clauseWords = Math.max(1, Math.ceil(clauseCount / 32));
  const triggerMask = new Int32Array(clauseWords);
  const users: number[][] = clauseFragments.map(() => []);
  for (const [c, pid] of triggers) {
    triggerMask[c >> 5]! |= 1 << (c & 31);
    users[c]!.push(pid);
  }
  const isAnchor = new Uint8Array(clauseCount);
  for (const p of patterns) if (p.plan && p.plan.anchor >= 0) isAnchor[p.plan.anchor] = 1;
  // Fragment letters → the clauses it satisfies, with its word-boundary marks (see prefilter.ts).
  const byFragment = new Map<string, Array<{ clause: number; left: boolean; right: boolean }>>();
  let minFragment = Infinity;
  let maxFragment = 0;
  clauseFragments.forEach((fragments, clause) => {
    for (const f of fragments) {
      const bare = letters(f);
      const list = byFragment.get(bare) ?? [];
      list.push({ clause, left: f.startsWith('<'), right: f.endsWith('>') });
      byFragment.set(bare, list);
      minFragment = Math.min(minFragment, bare.length);
      maxFragment = Math.max(maxFragment, bare.length);
    }
  });

  // Globs by their first character (a token can only match those starting with its own), and
  // those starting with * or ?, tried on every token.
  const globsByFirst = new Map<string, typeof globs>();
  const wildGlobs: typeof globs = [];
  for (const g of globs) {
    const first = g.text[0]!;
    if (first === '*' || first === '?') wildGlobs.push(g);
    else globsByFirst.set(first, [...(globsByFirst.get(first) ?? []), g]);
  }

  const describe = (token: string): TokenInfo => {
    const found: number[] = [];
    const lit = literal.get(token);
    if (lit !== undefined) found.push(lit);
    for (const g of globsByFirst.get(token[0] ?? '') ?? []) if (g.re.test(token)) found.push(g.id);
    for (const g of wildGlobs) if (g.re.test(token)) found.push(g.id);
    const probe = fragmentKey(token);
    // Whether the regex may see a word boundary between probe[q - 1] and probe[q]. Exact only
    // for a key of ASCII letters, digits and joiners, which matches the text character for
    // character (and `k` may stand for the Kelvin sign, not a word character without `iu`);
    // else say yes.
    const refine = /^[a-z0-9'-]*$/.test(token);
    const wordAt = (q: number) => q >= 0 && q < probe.length && /[a-jl-z0-9]/.test(probe[q]!);
    const boundary = (q: number) => !refine || !(wordAt(q - 1) && wordAt(q));
    const fits = (at: number, len: number, left: boolean, right: boolean) =>
      (!left || boundary(at)) && (!right || boundary(at + len));
    // Every substring of the token of a fragment's length is looked up (cheaper than testing
    // each of the hundreds of fragments against the token).
    const clauseSet = new Set<number>();
    for (let i = 0; i + minFragment <= probe.length; i++) {
      for (let len = minFragment; len <= maxFragment && i + len <= probe.length; len++) {
        const uses = byFragment.get(probe.slice(i, i + len));
        if (uses !== undefined) for (const u of uses) if (fits(i, len, u.left, u.right)) clauseSet.add(u.clause);
      }
    }
    if (found.length === 0 && clauseSet.size === 0) return NOTHING;
    const clauses = [...clauseSet].sort((a, b) => a - b);
    const anchors = clauses.filter((c) => isAnchor[c] === 1);
    const anchorOffsets = anchors.map((c) => {
      const at = new Set<number>();
      for (const f of clauseFragments[c]!) {
        const bare = letters(f);
        for (let i = probe.indexOf(bare); i >= 0; i = probe.indexOf(bare, i + 1)) {
          if (fits(i, bare.length, f.startsWith('<'), f.endsWith('>'))) at.add(i);
        }
      }
      return Int32Array.from([...at].sort((a, b) => a - b));
    });
    found.sort((a, b) => a - b);
    const starts: number[] = [];
    for (const t of found) starts.push(...(byFirstTerm.get(t) ?? []));
    const bits = bitSet(clauses);
    return {
      terms: found.length === 0 ? EMPTY : Int32Array.from(found),
      starts: starts.length === 0 ? EMPTY : Int32Array.from(starts),
      clauses: clauses.length === 0 ? EMPTY : Int32Array.from(clauses),
      bitWord: bits.words,
      bitMask: bits.bits,
      anchors: anchors.length === 0 ? EMPTY : Int32Array.from(anchors),
      anchorOffsets,
    };
  };

  const memo = new Map<string, TokenInfo>();
  const lookup = (token: string): TokenInfo => {
    const hit = memo.get(token);
    if (hit !== undefined) return hit;
    const info = describe(token);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(token, info);
    return info;
  };

  return {
    codebook,
    visible: visible.length,
    answerOf: ruled.map((t) => index.get(t.id)!),
    question: ruled.length === 0 ? null : compile({ ...codebook, agreement: null, themes: ruled.map((t) => ({ ...t, patterns: t.inAnswerTo!.question, exclude: [], inAnswerTo: null, parent: null, children: [], depth: 0 })) }, options),
    agreement: codebook.agreement === null ? null : compile({ ...codebook, agreement: null, themes: [agreementTheme(codebook.agreement)] }, options),
    relaxAfter: options.relaxAfter ?? 500,
    themes,
    children,
    bottomUp,
    patterns,
    alwaysRegexes,
    regexCount,
    clauseCount,
    clauseWords,
    triggerMask,
    triggerUsers: users.map((u) => Int32Array.from(u)),
    lookup,
    describe,
    termCount,
    gaps: new Map([...literal].filter(([w]) => isGap(w)).map(([w, id]) => [id, Number(w.slice(1))])),
  };
}

/** The `agreement` rule's patterns as a theme of their own. */
function agreementTheme(rule: AgreementRule): Theme {
  return {
    id: 'agreement',
    label: 'bare agreement',
    definition: null,
    whenToUse: null,
    whenNotToUse: null,
    patterns: rule.patterns,
    exclude: [],
    inAnswerTo: null,
    examples: { match: [], noMatch: [] },
    parent: null,
    children: [],
    depth: 0,
    pos: rule.pos,
  };
}

/** The regex, or null where the source does not compile (a relaxed regex is only an optimisation). */
function regExpOrNull(source: string, flags: string): RegExp | null {
  try {
    return new RegExp(source, flags);
  } catch {
    return null;
  }
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

