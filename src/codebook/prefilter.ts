/**
 * Literal prefilter for regular-expression patterns (the idea ripgrep and RE2 use), as a
 * conjunction of clauses: from a regex we derive clauses, each a set of lower-case word
 * fragments, such that every match contains, for EVERY clause, at least one of its fragments.
 * `\b(lead|head)\b[^.!?]{0,60}\b(post|role)s?\b` gives two clauses, {head, lead} and {post, role}:
 * a segment is worth running the regex on only when one of its tokens contains `lead` or `head`
 * AND one contains `post` or `role`.
 *
 * Why a fragment can be checked token by token: a fragment is a run of literal letters and digits
 * that the regex must match consecutively, so the matched characters are word characters of one
 * token, and the lower-cased token contains the lower-cased fragment (fragments only use
 * characters whose case folding is one-to-one; see FRAGMENT_CHAR and `fragmentKey`).
 *
 * The derivation is conservative: any construct it does not understand yields no clause, and
 * no clause at all means "always run". Dropping a clause is always sound, so only the most
 * selective few are kept.
 */

type Node =
  // One character: c = the literal character, or null for any other single-character matcher;
  // term = whether it may match a sentence end (`.`, `!` or `?`); nonWord = whether it surely
  // matches no word character (\w), like a space; joiner = `'` for a class of apostrophes
  // (' ’), `-` for one of hyphens (- ‐ ‑): what it stands for in a token key (see joinerKey).
  | { t: 'char'; c: string | null; term: boolean; nonWord?: boolean; joiner?: string }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number }
  // Zero-width: anchors, \b (b = true), \B, lookarounds, backreferences (treated as unknown width 0).
  | { t: 'zero'; b?: boolean };

/** Characters safe to use in a fragment: their case folding is one-to-one and width-preserving. */
const FRAGMENT_CHAR = /^[a-z0-9à-öø-þ]$/;
/** Sentence ends: see sentenceBounded(). */
const TERMINATORS = ['.', '!', '?'];
const isTerminator = (c: string) => TERMINATORS.includes(c);

/**
 * What a joiner character stands for in a token key (tokenise.ts: ’ is written ', the Unicode
 * hyphens -), or null for other characters. Between two word characters a joiner is part of the
 * token, so a run like `n't` (also written n[’']t) can be found in token keys.
 */
function joinerKey(c: string): string | null {
  return c === "'" || c === '\u2019' ? "'" : c === '-' || c === '\u2010' || c === '\u2011' ? '-' : null;
}

const literal = (c: string): Node => ({ t: 'char', c, term: isTerminator(c), nonWord: /^[\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]$/.test(c) });
const anyOf = (term: boolean, nonWord = false): Node => ({ t: 'char', c: null, term, nonWord });

class Parser {
  i = 0;
  /** Whether the source holds a backreference (which consumes text the AST does not show). */
  backref = false;
  /** Whether it holds a lookaround or a `^` or `$` (assertions that see beyond a sentence). */
  outlook = false;
  private readonly unicode: boolean;
  constructor(
    private readonly s: string,
    flags: string,
  ) {
    this.unicode = flags.includes('u') || flags.includes('v');
    // With `v`, classes nest (`[[a-z]--[aeiou]]`), subtract and intersect, and may hold strings
    // (`\q{…}`); not parsed here.
    if (flags.includes('v') && /\[[^\]]*\[|\\q|--|&&/.test(s)) throw new Error('v-mode class');
  }

  parseAlt(): Node {
    const options: Node[] = [this.parseSeq()];
    while (this.s[this.i] === '|') {
      this.i++;
      options.push(this.parseSeq());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  parseSeq(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      let atom = this.parseAtom();
      atom = this.parseQuantifier(atom);
      items.push(atom);
    }
    return { t: 'seq', items };
  }

  parseQuantifier(atom: Node): Node {
    const s = this.s;
    let min: number | null = null;
    let max = Infinity;
    const c = s[this.i];
    if (c === '*') min = 0;
    else if (c === '?') {
      min = 0;
      max = 1;
    } else if (c === '+') min = 1;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (m) {
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        this.i += m[0].length - 1;
      }
    }
    if (min === null) return atom;
    this.i++;
    if (s[this.i] === '?') this.i++;
    return { t: 'rep', node: atom, min, max };
  }

  parseAtom(): Node {
    const s = this.s;
    const c = s[this.i]!;
    if (c === '(') {
      this.i++;
      let look = false;
      if (s.startsWith('?:', this.i)) this.i += 2;
      else if (s.startsWith('?=', this.i) || s.startsWith('?!', this.i)) {
        this.i += 2;
        look = true;
      } else if (s.startsWith('?<=', this.i) || s.startsWith('?<!', this.i)) {
        this.i += 3;
        look = true;
      } else if (s.startsWith('?<', this.i)) {
        const end = s.indexOf('>', this.i);
        if (end < 0) throw new Error('bad group name');
        this.i = end + 1;
      } else if (s[this.i] === '?') throw new Error('unsupported group');
      const inner = this.parseAlt();
      if (s[this.i] !== ')') throw new Error('unbalanced');
      this.i++;
      if (look) this.outlook = true;
      return look ? { t: 'zero' } : inner;
    }
    if (c === '[') return this.parseClass();
    if (c === '\\') {
      const e = this.parseEscape();
      if (e === 'zero' || e === 'boundary') return { t: 'zero', b: e === 'boundary' };
      if (typeof e === 'string') return literal(e);
      return anyOf(e.term, e.nonWord);
    }
    this.i++;
    if (c === '.') return anyOf(true);
    if (c === '^' || c === '$') {
      this.outlook = true;
      return { t: 'zero' };
    }
    return literal(c);
  }

  /**
   * An escape at `i` (outside a class): a literal character, a character set (with whether it may
   * match a sentence end), 'boundary' for \b, or 'zero' for \B and backreferences.
   */
  private parseEscape(): string | { term: boolean; nonWord?: boolean } | 'zero' | 'boundary' {
    const s = this.s;
    const d = s[this.i + 1] ?? '';
    this.i += 2;
    if (d === 'b') return 'boundary';
    if (d === 'B') return 'zero';
    if (/[1-9]/.test(d) || d === 'k') {
      this.backref = true;
      if (d === 'k' && s[this.i] === '<') this.i = s.indexOf('>', this.i) + 1;
      return 'zero';
    }
    if (d === 'd' || d === 'w') return { term: false };
    if (d === 's') return { term: false, nonWord: true };
    if (d === 'W') return { term: true, nonWord: true };
    if (d === 'D' || d === 'S') return { term: true };
    if (d === 'p' || d === 'P') {
      if (s[this.i] === '{') this.i = s.indexOf('}', this.i) + 1;
      return { term: true };
    }
    return this.parseCharEscape(d);
  }

  /** The escapes that stand for one character (d = the letter after the backslash, already read). */
  private parseCharEscape(d: string): string | { term: boolean } {
    const s = this.s;
    if (d === 'c') {
      // `\cJ` is one control character: the letter is not a literal.
      if (/[A-Za-z]/.test(s[this.i] ?? '')) this.i++;
      return { term: false };
    }
    if (d === 'x') {
      const hex = s.slice(this.i, this.i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error('identity escape \\x');
      this.i += 2;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (d === 'u') {
      if (this.unicode && s[this.i] === '{') {
        const end = s.indexOf('}', this.i);
        const cp = parseInt(s.slice(this.i + 1, end), 16);
        if (end < 0 || !Number.isFinite(cp)) throw new Error('bad \\u{}');
        this.i = end + 1;
        return String.fromCodePoint(cp);
      }
      // Without the u flag `\u{41}` is `u` repeated 41 times: only \uXXXX is understood.
      const hex = s.slice(this.i, this.i + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error('identity escape \\u');
      this.i += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if ('nrtvf0'.includes(d)) return { term: false };
    if (d === '') throw new Error('trailing backslash');
    return d;
  }

  /**
   * A character class. Only whether it may match a sentence end matters. In JavaScript `[]`
   * matches nothing and `[^]` any character: a `]` right after `[` or `[^` closes the class.
   */
  private parseClass(): Node {
    const s = this.s;
    this.i++;
    const negated = s[this.i] === '^';
    if (negated) this.i++;
    const covered = new Set<string>(); // sentence ends that some item surely matches
    let unsure = false; // an item that may match a sentence end (for a positive class)
    let nonWord = !negated; // every item surely matches no word character (for a positive class)
    const members = new Set<string>(); // single characters listed (for a class of joiners)
    let onlyChars = !negated;
    // One class item: a character, or a set (with whether it contains every sentence end).
    const item = (): string | { all: boolean; some: boolean; nonWord: boolean } => {
      if (s[this.i] !== '\\') return s[this.i++]!;
      const d = s[this.i + 1] ?? '';
      this.i += 2;
      if (d === 'b') return '\b';
      if (d === 's') return { all: false, some: false, nonWord: true };
      if (d === 'd' || d === 'w') return { all: false, some: false, nonWord: false };
      if (d === 'W') return { all: true, some: true, nonWord: true };
      if (d === 'D' || d === 'S') return { all: true, some: true, nonWord: false };
      if (d === 'p' || d === 'P') {
        if (s[this.i] === '{') this.i = s.indexOf('}', this.i) + 1;
        return { all: false, some: true, nonWord: false };
      }
      if (d === '-') return '-';
      const e = this.parseCharEscape(d);
      return typeof e === 'string' ? e : { all: false, some: e.term, nonWord: false };
    };
    while (this.i < s.length && s[this.i] !== ']') {
      const lo = item();
      if (s[this.i] === '-' && s[this.i + 1] !== ']' && this.i + 1 < s.length) {
        this.i++;
        const hi = item();
        nonWord = false;
        onlyChars = false;
        if (typeof lo !== 'string' || typeof hi !== 'string') {
          unsure = true; // `[\w-x]` (a literal hyphen without u); no guess
          continue;
        }
        for (const t of TERMINATORS) if (t >= lo && t <= hi) covered.add(t);
        continue;
      }
      if (typeof lo === 'string') {
        members.add(lo);
        if (isTerminator(lo)) covered.add(lo);
        if (!(literal(lo) as { nonWord?: boolean }).nonWord) nonWord = false;
      } else {
        if (lo.all) for (const t of TERMINATORS) covered.add(t);
        if (lo.some) unsure = true;
        if (!lo.nonWord) nonWord = false;
        onlyChars = false;
      }
    }
    if (this.i >= s.length) throw new Error('unterminated class');
    this.i++;
    const term = negated ? covered.size < TERMINATORS.length : covered.size > 0 || unsure;
    const node = anyOf(term, nonWord);
    const keys = new Set([...members].map(joinerKey));
    if (onlyChars && members.size > 0 && keys.size === 1 && !keys.has(null)) (node as { joiner?: string }).joiner = [...keys][0]!;
    return node;
  }
}

/** A clause: at least one of these fragments occurs in the tokens of every match. */
type Clause = Set<string>;

export interface FilterOptions {
  /** Shortest fragment worth testing (shorter ones would pass nearly every segment). */
  minLength?: number;
  /** Most clauses kept per regex (the most selective ones). */
  maxClauses?: number;
}

/** What the prefilter knows about one regular expression. */
export interface RegexFilter {
  /**
   * Clauses every match satisfies: lists of lower-case fragments (sorted), one of which occurs
   * in the tokens of the match; most selective first. [] when none can be proven.
   */
  clauses: string[][];
  /**
   * Literal prefixes (lower-case, at least minLength fragment characters, sorted) one of which
   * every match starts with, when also no match is empty; else null. Such a regex can be tried
   * only where a prefix occurs (see match.ts).
   */
  anchor: string[] | null;
  /**
   * True when no match can contain `.`, `!` or `?`: then the clauses must all be satisfied by
   * tokens of one *sentence* (a stretch of text without those characters).
   */
  sentence: boolean;
  /**
   * True when also the regex has no lookaround and no `^` or `$`: then running it on one sentence
   * cut out of the text (between sentence ends) finds exactly the matches it finds there in the
   * whole text, since its only other assertions, \b and \B, see a sentence end and a string end
   * alike (neither is a word character).
   */
  local: boolean;
}

/**
 * Prefilters already derived with the default options, by `flags/source`: a regex shared by
 * several patterns (or codebooks in one process) is analysed once, and the codebook cache
 * (cache.ts) can hand over the ones it saved. The values are frozen: callers must copy.
 */
const derived = new Map<string, RegexFilter>();

/** Derives the prefilter of `/source/flags` (nothing, when the source is not understood). */
export function regexFilter(source: string, flags = '', options: FilterOptions = {}): RegexFilter {
  if (options.minLength !== undefined || options.maxClauses !== undefined) return deriveFilter(source, flags, options);
  const key = `${flags}/${source}`;
  let filter = derived.get(key);
  if (filter === undefined) {
    filter = freezeFilter(deriveFilter(source, flags, options));
    derived.set(key, filter);
  }
  return filter;
}

/** The default-options prefilters of these regexes, as the cache stores them. */
export function knownFilters(regexes: Array<{ source: string; flags: string }>): Record<string, RegexFilter> {
  const out: Record<string, RegexFilter> = {};
  for (const { source, flags } of regexes) out[`${flags}/${source}`] = regexFilter(source, flags);
  return out;
}

/** Hands over prefilters saved by knownFilters() (from the cache), so they are not derived again. */
export function rememberFilters(saved: Record<string, RegexFilter>): void {
  for (const [key, filter] of Object.entries(saved)) if (!derived.has(key)) derived.set(key, freezeFilter(filter));
}

function freezeFilter(f: RegexFilter): RegexFilter {
  for (const c of f.clauses) Object.freeze(c);
  Object.freeze(f.clauses);
  if (f.anchor) Object.freeze(f.anchor);
  return Object.freeze(f);
}

function deriveFilter(source: string, flags: string, options: FilterOptions): RegexFilter {
  const minLength = options.minLength ?? 3;
  const maxClauses = options.maxClauses ?? 4;
  let ast: Node;
  let parser: Parser;
  try {
    parser = new Parser(source, flags);
    ast = parser.parseAlt();
    if (parser.i !== source.length) return { clauses: [], anchor: null, sentence: false, local: false };
  } catch {
    return { clauses: [], anchor: null, sentence: false, local: false };
  }
  const wide = expandOptionals(ast);
  const clauses = simplify(cnf(wide, minLength)).slice(0, maxClauses).map((c) => [...c].sort());
  let anchor: string[] | null = null;
  if (minWidth(ast) >= 1) {
    const set = lead(wide, false, false);
    if (set !== null && set.size > 0 && [...set].every((f) => longEnough(f, minLength))) anchor = [...set].sort();
  }
  const sentence = !parser.backref && !mayTerminate(ast);
  return { clauses, anchor, sentence, local: sentence && !parser.outlook };
}

/**
 * A lower bound on the length of every match of the regex (0 when it may match empty text), or
 * null when the source uses a construct the parser does not know. Lets the loader refuse
 * patterns that match empty text without running (and so compiling) every regex at load time.
 */
export function minMatchLength(source: string, flags = ''): number | null {
  try {
    const parser = new Parser(source, flags);
    const ast = parser.parseAlt();
    return parser.i === source.length ? minWidth(ast) : null;
  } catch {
    return null;
  }
}

/**
 * The regex with every lookaround group (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`) taken out, or null
 * when it has none or has a backreference. Every match of the regex is then a match of this one,
 * which only drops conditions, so a caller trying the regex at one offset can try this first and
 * skip the offset when it fails: a failed attempt no longer pays for the lookarounds' scans (a
 * window such as `[^.!?]{0,100}` before a word is tried at every length, backwards).
 */
export function withoutLookarounds(source: string): string | null {
  if (/\\(?:[1-9]|k<)/.test(source.replace(/\\\\/g, ''))) return null;
  // The index of the `]` closing the class opened at i (`]` right after `[` or `[^` closes it).
  const classEnd = (i: number): number => {
    let j = i + 1;
    for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
    return j;
  };
  let out = '';
  let removed = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += source.slice(i, i + 2);
      i++;
    } else if (c === '[') {
      const j = classEnd(i);
      out += source.slice(i, j + 1);
      i = j;
    } else if (c === '(' && /^\(\?(?:[=!]|<[=!])/.test(source.slice(i, i + 4))) {
      // Skip to the end of the group.
      let depth = 0;
      let j = i;
      for (; j < source.length; j++) {
        const d = source[j];
        if (d === '\\') j++;
        else if (d === '[') j = classEnd(j);
        else if (d === '(') depth++;
        else if (d === ')' && --depth === 0) break;
      }
      if (j >= source.length) return null;
      i = j;
      removed = true;
    } else out += c;
  }
  return removed ? out : null;
}

/** Clauses of regexFilter() alone. */
export function requiredClauses(source: string, flags = '', options: FilterOptions = {}): string[][] {
  return regexFilter(source, flags, options).clauses;
}

/** The items of a node made of literal characters only (`s`, `(ed)`), else null. */
function literals(n: Node): Node[] | null {
  const items = n.t === 'seq' ? n.items : [n];
  return items.length > 0 && items.every((i) => i.t === 'char' && i.c !== null) ? items : null;
}

/**
 * The same language with optional literal items (`s?`, `(ed)?`) written out as alternatives, a
 * few per sequence: `OTs?\b` becomes `(OTs|OT)\b`, whose runs are whole words (`<ots>`, `<ot>`),
 * where the original only shows the run `ot` followed by something. Gives up (returns the node
 * as it is) when the result would grow too big.
 */
function expandOptionals(root: Node): Node {
  let budget = 5000; // nodes the expansion may create
  const expand = (n: Node): Node => {
    switch (n.t) {
      case 'char':
      case 'zero':
        return n;
      case 'rep':
        return { ...n, node: expand(n.node) };
      case 'alt':
        return { t: 'alt', options: n.options.map(expand) };
      case 'seq': {
        const items = n.items.map(expand);
        // The first three optional literal items; each variant keeps or drops each of them.
        const optional: number[] = [];
        items.forEach((item, k) => {
          if (optional.length < 3 && item.t === 'rep' && item.min === 0 && item.max === 1 && literals(item.node)) optional.push(k);
        });
        if (optional.length === 0) return { t: 'seq', items };
        const options: Node[] = [];
        for (let keep = (1 << optional.length) - 1; keep >= 0; keep--) {
          const variant: Node[] = [];
          items.forEach((item, k) => {
            const o = optional.indexOf(k);
            if (o < 0) variant.push(item);
            else if ((keep >> o) & 1) variant.push(...literals((item as { node: Node }).node)!);
          });
          budget -= variant.length;
          options.push({ t: 'seq', items: variant });
        }
        if (budget < 0) throw new Error('too big');
        return { t: 'alt', options };
      }
    }
  };
  try {
    return expand(root);
  } catch {
    return root;
  }
}

/** Whether some character the node consumes may be a sentence end. */
function mayTerminate(n: Node): boolean {
  switch (n.t) {
    case 'char':
      return n.term;
    case 'zero':
      return false;
    case 'rep':
      return mayTerminate(n.node);
    case 'alt':
      return n.options.some(mayTerminate);
    case 'seq':
      return n.items.some(mayTerminate);
  }
}

/** Fewest code units any match of the node consumes. */
function minWidth(n: Node): number {
  switch (n.t) {
    case 'char':
      return 1;
    case 'zero':
      return 0;
    case 'rep':
      return n.min * minWidth(n.node);
    case 'alt':
      return Math.min(...n.options.map(minWidth));
    case 'seq':
      return n.items.reduce((sum, item) => sum + minWidth(item), 0);
  }
}

/**
 * Literal prefixes one of which every non-empty match of the node starts with (lower-cased
 * fragment characters), or null when unknown.
 */
function lead(n: Node, left: boolean, right: boolean): Set<string> | null {
  switch (n.t) {
    case 'char':
    case 'seq':
      return leadSeq(n.t === 'seq' ? n.items : [n], 0, left, right);
    case 'zero':
      return null;
    case 'rep':
      return n.min >= 1 ? lead(n.node, left, false) : null;
    case 'alt': {
      const out = new Set<string>();
      for (const o of n.options) {
        const l = lead(o, left, right);
        if (l === null) return null;
        for (const f of l) out.add(f);
      }
      return out;
    }
  }
}

function leadSeq(items: Node[], from: number, left: boolean, right: boolean): Set<string> | null {
  let i = from;
  // Zero-width items (\b, anchors, lookarounds) consume nothing: the match starts after them.
  while (i < items.length && items[i]!.t === 'zero') {
    if ((items[i] as { b?: boolean }).b) left = true;
    i++;
  }
  const first = items[i];
  if (first === undefined) return null;
  if (first.t === 'char') {
    const run = runAt(items, i);
    return run.text === '' ? null : new Set([marked(run.text, left, boundaryNext(items, run.end - 1, 1, right))]);
  }
  if (first.t === 'rep' && first.min === 0) {
    // Optional item: the match starts with it, or with what follows.
    const a = lead(first.node, left, false);
    const b = leadSeq(items, i + 1, left, right);
    return a && b ? new Set([...a, ...b]) : null;
  }
  return lead(first, left, boundaryNext(items, i, 1, right));
}

/** The lower-case fragment character an item stands for, or null. */
function fragmentChar(item: Node): string | null {
  if (item.t !== 'char' || item.c === null) return null;
  const lc = item.c.toLowerCase();
  return FRAGMENT_CHAR.test(lc) ? lc : null;
}

/**
 * The run of literal fragment characters starting at items[k] (a joiner counts between two of
 * them: see joinerKey): its lower-case text ('' when items[k] starts none) and the index after it.
 */
function runAt(items: Node[], k: number): { text: string; end: number } {
  let text = '';
  let j = k;
  while (j < items.length) {
    const c = fragmentChar(items[j]!);
    if (c !== null) {
      text += c;
      j++;
      continue;
    }
    const it = items[j]!;
    const joiner = it.t !== 'char' ? null : it.c !== null ? joinerKey(it.c) : (it.joiner ?? null);
    if (joiner !== null && text !== '' && j + 1 < items.length && fragmentChar(items[j + 1]!) !== null) {
      text += joiner;
      j++;
      continue;
    }
    break;
  }
  return { text, end: j };
}

/**
 * Whether a (marked) fragment is selective enough to test: minLength characters, or 2 when a
 * word boundary holds on both sides (`<pt>` must be a whole word of a token).
 */
function longEnough(fragment: string, minLength: number): boolean {
  const n = letters(fragment).length;
  return n >= minLength || (n >= 2 && fragment.startsWith('<') && fragment.endsWith('>'));
}

/**
 * How a token key is compared with fragments. With the flags `iu` or `iv`, `ſ` (U+017F, long s)
 * matches `s` by case folding although it lower-cases to itself; it is the only character that
 * matches a fragment character without lower-casing to it (checked over all of Unicode), so it
 * is written `s` here. Being more permissive than needed is sound for the other regexes too.
 */
export function fragmentKey(key: string): string {
  return key.includes('\u017f') ? key.replace(/\u017f/g, 's') : key;
}

/** A fragment without its word-boundary marks. */
export function letters(fragment: string): string {
  return fragment.replace(/[<>]/g, '');
}

/** Higher = more selective: long fragments first (a boundary mark counts as a letter), then few. */
function score(c: Clause): number {
  let min = Infinity;
  for (const s of c) min = Math.min(min, s.length);
  return min * 100 - c.size;
}

/**
 * Fragments know where the regex asserts a word boundary (\b) next to them: `<` before the
 * letters means a \b holds right before the fragment, `>` after them right after it. Such a
 * fragment is satisfied only by an occurrence where the token allows a boundary there (see
 * compile.ts); a plain substring relation between marked fragments still means implication.
 * Only an ASCII letter or digit at that end of the fragment is marked: next to it, \b means "the
 * other side is not a word character", whatever the flags.
 */
function marked(run: string, left: boolean, right: boolean): string {
  const ascii = (c: string) => /[a-z0-9]/.test(c);
  return (left && ascii(run[0]!) ? '<' : '') + run + (right && ascii(run[run.length - 1]!) ? '>' : '');
}

/**
 * Whether, next to items[k] (before it: dir -1, after it: dir 1), the text is surely not a word
 * character when items[k] starts (ends) with one: a \b among the zero-width items in between,
 * or a neighbouring item that matches no word character (a space, \s, [- ]).
 */
function boundaryNext(items: Node[], k: number, dir: 1 | -1, outer: boolean): boolean {
  for (let j = k + dir; j >= 0 && j < items.length; j += dir) {
    const it = items[j]!;
    if (it.t === 'char') return it.nonWord === true;
    if (it.t !== 'zero') return false;
    if (it.b) return true;
  }
  return outer;
}

/**
 * Clauses every match of the node satisfies. `left` / `right`: whether a \b holds where the
 * node's match starts / ends.
 */
function cnf(n: Node, minLength: number, left = false, right = false): Clause[] {
  switch (n.t) {
    case 'char':
    case 'zero':
      return [];
    case 'rep':
      // The first repetition starts where the whole does.
      return n.min >= 1 ? cnf(n.node, minLength, left, false) : [];
    case 'alt': {
      // A match of an alternation matches one option, so a clause made of one clause of EACH
      // option holds. The k-th such union takes each option's k-th best clause (or its last).
      const perOption: Clause[][] = [];
      for (const o of n.options) {
        const c = simplify(cnf(o, minLength, left, right));
        if (c.length === 0) return [];
        perOption.push(c);
      }
      const depth = Math.max(...perOption.map((c) => c.length));
      const out: Clause[] = [];
      for (let k = 0; k < depth; k++) {
        const u: Clause = new Set();
        for (const c of perOption) for (const f of c[Math.min(k, c.length - 1)]!) u.add(f);
        out.push(u);
      }
      return out;
    }
    case 'seq': {
      // Every item must match: the clauses of all items hold together, and so does each run
      // of consecutive literal characters.
      const items = n.items;
      const out: Clause[] = [];
      for (let k = 0; k < items.length; k++) {
        const run = runAt(items, k);
        if (run.text !== '') {
          const f = marked(run.text, boundaryNext(items, k, -1, left), boundaryNext(items, run.end - 1, 1, right));
          if (longEnough(f, minLength)) out.push(new Set([f]));
          k = run.end - 1;
          continue;
        }
        const item = items[k]!;
        out.push(...cnf(item, minLength, boundaryNext(items, k, -1, left), boundaryNext(items, k, 1, right)));
      }
      return out;
    }
  }
}

/**
 * Tidies a list of clauses: within a clause a fragment that contains another is redundant (any
 * token holding it holds the shorter one); a clause implied by another is dropped; the rest are
 * sorted most selective first.
 */
function simplify(clauses: Clause[]): Clause[] {
  // Only the most selective clauses are kept anyway (dropping a clause is always sound), so the
  // quadratic tidying below looks at a dozen at most.
  const scored = clauses.map((c) => ({ c, score: score(c) })).sort((a, b) => b.score - a.score || a.c.size - b.c.size);
  const seen = new Set<string>();
  const minimal: Clause[] = [];
  for (const { c } of scored) {
    const list = [...c];
    const min = new Set(list.filter((f) => !list.some((g) => g !== f && f.includes(g))));
    const key = [...min].sort().join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    minimal.push(min);
    if (minimal.length === 12) break;
  }
  // A implies B when every fragment of A contains a fragment of B.
  const implies = (a: Clause, b: Clause) => [...a].every((f) => [...b].some((g) => f.includes(g)));
  const kept: Clause[] = [];
  minimal.sort((a, b) => score(b) - score(a) || a.size - b.size);
  for (const c of minimal) if (!kept.some((k) => implies(k, c))) kept.push(c);
  return kept;
}
