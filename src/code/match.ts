/**
 * Matcher × segment text → codings (SPEC §1): a theme codes a segment when one of its patterns
 * matches and none of its exclude patterns does; a parent also codes whatever its sub-themes
 * code; hits are the matched spans after overlapping spans are merged.
 *
 * This is the hot path of every run, so it works on reusable typed arrays owned by one Coder per
 * Matcher and allocates (almost) nothing per segment:
 * - the text is copied as UTF-16 code units into a typed array (one native call), where the
 *   tokeniser reads faster than with charCodeAt;
 * - each token is hashed while it is read and found in an open-addressing table of the token
 *   texts seen so far (*entries*), compared code unit by code unit with the text as written (so
 *   `The` and `the` are two entries with the same key), so no string is made for a known token;
 *   what an entry matches is kept in flat arrays (see Entries);
 * - word patterns are a trie over term ids, walked from each token;
 * - the prefilter clauses a token satisfies are OR-ed, as a bit set, into its sentence's row.
 * Text the fast tokeniser is not sure about (characters whose lower case is longer or depends on
 * context, astral characters) goes through the string path, which does exactly what tokenise()
 * does; tokenise() in tokenise.ts stays the reference definition, and tests check both agree.
 *
 * Regular expressions (see RegexPlan in compile.ts) run only where all their clauses hold: in
 * one sentence (a stretch without `.`, `!`, `?`) for a regex whose matches cannot contain those,
 * else in the segment. Within that:
 * - an *anchored* regex (every match starts with a fragment of its anchor clause and is never
 *   empty) is tried with its sticky twin only at the offsets where such a fragment occurs, in
 *   increasing order, skipping offsets inside the previous match. That finds exactly the matches
 *   of a global scan: a global scan is the same attempt at every offset, and the others fail;
 *   one with lookarounds that has been tried often is first tried there without them
 *   (RegexPlan.relaxed), which fails wherever the regex does, and far more cheaply;
 * - a *local* regex is run on each such sentence cut out of the text (same matches: see
 *   RegexFilter.local in prefilter.ts);
 * - any other regex is scanned from the first place a match could start.
 */
import { MEMO_LIMIT, type Matcher, type TokenInfo } from '../codebook/compile.js';
import type { Coding } from '../types.js';
import { isJoiner, KIND, LOWER, wordWidth } from './tokenise.js';

type Span = [number, number];

/** Codings of one text, in codebook order. */
export function codeText(matcher: Matcher, text: string): Coding[] {
  return coderFor(matcher).code(text);
}

/**
 * Codings of one text, and where the answer patterns of `in_answer_to` rules match in it
 * (codebook theme index → spans; empty when none match).
 */
export function codeWithAnswers(
  matcher: Matcher,
  text: string,
  enabled: Uint8Array,
): { codings: Coding[]; answers: ReadonlyArray<{ theme: number; spans: Span[] }> } {
  const coder = coderFor(matcher);
  const codings = coder.code(text, enabled);
  return { codings, answers: coder.answers };
}

/** The tokens of `text` as the matcher sees them (keys and offsets): for tests. */
export function scanTokens(matcher: Matcher, text: string): { starts: number[]; ends: number[]; keys: string[] } {
  const coder = coderFor(matcher);
  const n = coder.scan(text);
  const out = { starts: [] as number[], ends: [] as number[], keys: [] as string[] };
  for (let k = 0; k < n; k++) {
    out.starts.push(coder.tokStart[k]!);
    out.ends.push(coder.tokEnd[k]!);
    out.keys.push(coder.entries.keys[coder.tokEntry[k]!]!);
  }
  return out;
}

const coders = new WeakMap<Matcher, Coder>();

function coderFor(matcher: Matcher): Coder {
  let c = coders.get(matcher);
  if (c === undefined) {
    c = new Coder(matcher);
    coders.set(matcher, c);
  }
  return c;
}

/**
 * The fast tokeniser's classes of UTF-16 code units: WORD a word character that it handles (KIND
 * 1: a one-unit lower case, whatever the context), SEPARATOR, JOINER (' ’ - ‐ ‑), SENTENCE_END
 * (. ! ?), and OTHER: a code unit it leaves to the string path (KIND 2 and surrogates).
 * KEY: what a code unit of a token contributes to its key (LOWER; joiners normalised).
 */
const SEPARATOR = 0;
const WORD = 1;
const JOINER = 2;
const SENTENCE_END = 3;
const OTHER = 4;
const CLASS = new Uint8Array(65536);
const KEY = LOWER;
for (let c = 0; c < 65536; c++) CLASS[c] = KIND[c] === 1 ? WORD : KIND[c] !== 0 ? OTHER : isJoiner(c) ? JOINER : SEPARATOR;
for (const c of [0x2e, 0x21, 0x3f]) CLASS[c] = SENTENCE_END;

/**
 * The hash of a token from its packing (see Coder.scanFast): exact data for a short token; for a
 * longer one its last 8 code units, its length and its first one, which is enough to spread
 * tokens (equal hashes are told apart by comparing code units).
 */
function tokenHash(lo: number, hi: number, len: number, first: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1) ^ Math.imul(len | (first << 8), 0x85ebca6b), 0xc2b2ae35);
  h ^= h >>> 15;
  return Math.imul(h, 0x27d4eb2f) ^ (h >>> 13);
}

/** Little-endian hosts can read a `utf16le` Buffer as a Uint16Array; others use the string path. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type I32 = Int32Array<ArrayBuffer>;

function grown(a: I32, atLeast: number): I32 {
  const b = new Int32Array(Math.max(a.length * 2, atLeast));
  b.set(a);
  return b;
}

/** An append-only list of int32 (a typed array that grows). */
class Pool {
  data: I32 = new Int32Array(1024);
  size = 0;
  push(v: number): void {
    if (this.size === this.data.length) this.data = grown(this.data, 0);
    this.data[this.size++] = v;
  }
}

/**
 * Word patterns as a trie over term ids: node 0 is the root; an edge (node, term) leads to a
 * child, found through an open-addressing hash table (a node such as `the` may have hundreds of
 * children); patterns end at nodes. Built once per Matcher.
 */
class Trie {
  /** Per node: 1 when it has children. */
  hasKids: Uint8Array;
  /** Per node: bit (term & 31) set for each child's term, to rule most look-ups out at once. */
  kidBits: I32;
  /** Per node: first index in endPattern (node + 1 → end). */
  endAt: I32;
  endPattern: I32;
  /** Edges: triples (node, term, child + 1); child + 1 = 0 means empty. */
  private edges: I32;
  private mask: number;
  /**
   * Gap edges (a `~N` word): per node, [gapAt[node], gapAt[node + 1]) in gapN (the N) and
   * gapChild; hasGap[node] = 1 when it has any.
   */
  gapAt: I32;
  gapN: I32;
  gapChild: I32;
  hasGap: Uint8Array;

  constructor(m: Matcher) {
    const children: Array<Map<number, number>> = [new Map()];
    const ends: number[][] = [[]];
    m.patterns.forEach((p, pid) => {
      if (p.terms === null) return;
      let node = 0;
      for (const t of p.terms) {
        let next = children[node]!.get(t);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          ends.push([]);
          children[node]!.set(t, next);
        }
        node = next;
      }
      ends[node]!.push(pid);
    });
    this.hasKids = Uint8Array.from(children.map((c) => (c.size > 0 ? 1 : 0)));
    const gapN: number[] = [];
    const gapChild: number[] = [];
    this.gapAt = new Int32Array(children.length + 1);
    children.forEach((c, node) => {
      for (const [term, child] of c) {
        const n = m.gaps.get(term);
        if (n !== undefined) {
          gapN.push(n);
          gapChild.push(child);
        }
      }
      this.gapAt[node + 1] = gapN.length;
    });
    this.gapN = Int32Array.from(gapN);
    this.gapChild = Int32Array.from(gapChild);
    this.hasGap = Uint8Array.from(children, (_, node) => (this.gapAt[node + 1]! > this.gapAt[node]! ? 1 : 0));
    this.kidBits = Int32Array.from(children.map((c) => [...c.keys()].reduce((bits, t) => bits | (1 << (t & 31)), 0)));
    this.endAt = new Int32Array(ends.length + 1);
    ends.forEach((l, i) => (this.endAt[i + 1] = this.endAt[i]! + l.length));
    this.endPattern = Int32Array.from(ends.flat());
    const count = children.reduce((sum, c) => sum + c.size, 0);
    let capacity = 16;
    while (capacity < 2 * count) capacity *= 2;
    this.mask = capacity - 1;
    this.edges = new Int32Array(3 * capacity);
    children.forEach((c, node) => {
      for (const [term, child] of c) {
        let slot = Trie.slot(node, term) & this.mask;
        while (this.edges[3 * slot + 2] !== 0) slot = (slot + 1) & this.mask;
        this.edges[3 * slot] = node;
        this.edges[3 * slot + 1] = term;
        this.edges[3 * slot + 2] = child + 1;
      }
    });
  }

  private static slot(node: number, term: number): number {
    return Math.imul(node, 0x9e3779b1) ^ Math.imul(term, 0x85ebca6b);
  }

  /** The child of `node` along term `t`, or -1. */
  child(node: number, t: number): number {
    const edges = this.edges;
    let slot = Trie.slot(node, t) & this.mask;
    for (;;) {
      const c = edges[3 * slot + 2]!;
      if (c === 0) return -1;
      if (edges[3 * slot] === node && edges[3 * slot + 1] === t) return c - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * The token texts seen so far (*entries*), numbered in order, with what each matches in flat
 * arrays: entry e's items in a pool are [xAt[e], xAt[e + 1]). Keys of the fast path are found
 * through an open-addressing hash table probed with the token still in the code-unit buffer;
 * keys of the string path through a Map. Bounded: cleared (between texts) when it holds
 * MEMO_LIMIT entries.
 */
class Entries {
  size = 0;
  readonly keys: string[] = [];
  /**
   * Hash table of the fast-path entries, 4 ints a slot: hash, entry + 1 (0 = empty slot), and the
   * token packed when it is short: ASCII and at most 8 code units (see Coder.scanFast), else -1
   * twice. Short tokens are compared through their packing alone.
   */
  slots: I32 = new Int32Array(4 << 12);
  mask = (1 << 12) - 1;
  /** Per entry: the token's hash, its packing, where its code units are in `chars` (-1: string path), length. */
  hash: I32 = new Int32Array(1024);
  pack0: I32 = new Int32Array(1024);
  pack1: I32 = new Int32Array(1024);
  charAt: I32 = new Int32Array(1024);
  length: I32 = new Int32Array(1024);
  chars = new Uint16Array(1 << 14);
  private charsUsed = 0;
  private readonly slow = new Map<string, number>();
  /**
   * Per entry: 1 = sets clause bits, 2 = starts word patterns of several words, 4 = holds anchor
   * fragments, 8 = is a one-word pattern, 16 = one of those patterns has a gap after this word.
   */
  flags = new Uint8Array(1024);
  /** Per entry: bit (term & 31) for each of its terms, and for each term that continues one of its roots. */
  termBits: I32 = new Int32Array(1024);
  kidBits: I32 = new Int32Array(1024);
  // Per entry, as [xAt[e], xAt[e + 1]) in the pools:
  /** Clause bits as (word index, bits) pairs. */
  bitAt: I32 = new Int32Array(1025);
  readonly bitWord = new Pool();
  readonly bitMask = new Pool();
  /** Term ids (sorted). */
  termAt: I32 = new Int32Array(1025);
  readonly terms = new Pool();
  /** Trie nodes reached from the root by the token's terms. */
  rootAt: I32 = new Int32Array(1025);
  readonly roots = new Pool();
  /** Anchor fragments: (clause, first offset index, end offset index) triples, offsets in `offsets`. */
  anchorAt: I32 = new Int32Array(1025);
  readonly anchors = new Pool();
  readonly offsets = new Pool();

  constructor(
    private readonly describe: (key: string) => TokenInfo,
    private readonly trie: Trie,
  ) {}

  /** Adds the fast-path token u[start, end), which hashes to `h` and packs to (p0, p1) (known to be new). */
  addFast(u: Uint16Array, start: number, end: number, h: number, p0: number, p1: number): number {
    const len = end - start;
    // The key is the lower-cased token: per token the same as in context here, as every code
    // unit has a context-free one-unit lower case (KIND 1); joiners normalised.
    let key = '';
    for (let j = start; j < end; j++) key += String.fromCharCode(KEY[u[j]!]!);
    const e = this.add(key);
    this.hash[e] = h;
    this.pack0[e] = p0;
    this.pack1[e] = p1;
    this.length[e] = len;
    if (this.charsUsed + len > this.chars.length) {
      const bigger = new Uint16Array(Math.max(this.chars.length * 2, this.charsUsed + len));
      bigger.set(this.chars);
      this.chars = bigger;
    }
    this.charAt[e] = this.charsUsed;
    this.chars.set(u.subarray(start, end), this.charsUsed);
    this.charsUsed += len;
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.place(h, e);
    return e;
  }

  /** Entry of a key made by the string path. */
  findKey(key: string): number {
    let e = this.slow.get(key);
    if (e === undefined) {
      e = this.add(key);
      this.charAt[e] = -1;
      this.length[e] = -1;
      this.slow.set(key, e);
    }
    return e;
  }

  private add(key: string): number {
    const e = this.size++;
    if (e + 1 >= this.hash.length) {
      this.hash = grown(this.hash, 0);
      this.pack0 = grown(this.pack0, 0);
      this.pack1 = grown(this.pack1, 0);
      this.charAt = grown(this.charAt, 0);
      this.length = grown(this.length, 0);
      const flags = new Uint8Array(this.hash.length);
      flags.set(this.flags);
      this.flags = flags;
      this.termBits = grown(this.termBits, 0);
      this.kidBits = grown(this.kidBits, 0);
      this.bitAt = grown(this.bitAt, 0);
      this.termAt = grown(this.termAt, 0);
      this.rootAt = grown(this.rootAt, 0);
      this.anchorAt = grown(this.anchorAt, 0);
    }
    this.keys[e] = key;
    const info = this.describe(key);
    let flags = 0;
    for (let k = 0; k < info.bitWord.length; k++) {
      this.bitWord.push(info.bitWord[k]!);
      this.bitMask.push(info.bitMask[k]!);
      flags |= 1;
    }
    let termBits = 0;
    let kidBits = 0;
    for (const t of info.terms) {
      this.terms.push(t);
      termBits |= 1 << (t & 31);
      const node = this.trie.child(0, t);
      if (node >= 0) {
        this.roots.push(node);
        if (this.trie.endAt[node] !== this.trie.endAt[node + 1]) flags |= 8;
        if (this.trie.hasKids[node] === 1) {
          flags |= 2;
          kidBits |= this.trie.kidBits[node]!;
        }
        if (this.trie.hasGap[node] === 1) flags |= 16;
      }
    }
    this.termBits[e] = termBits;
    this.kidBits[e] = kidBits;
    info.anchors.forEach((clause, k) => {
      const offsets = info.anchorOffsets[k]!;
      this.anchors.push(clause);
      this.anchors.push(this.offsets.size);
      for (const o of offsets) this.offsets.push(o);
      this.anchors.push(this.offsets.size);
      flags |= 4;
    });
    this.flags[e] = flags;
    this.bitAt[e + 1] = this.bitWord.size;
    this.termAt[e + 1] = this.terms.size;
    this.rootAt[e + 1] = this.roots.size;
    this.anchorAt[e + 1] = this.anchors.size;
    return e;
  }

  private place(h: number, e: number): void {
    let s = h & this.mask;
    while (this.slots[4 * s + 1] !== 0) s = (s + 1) & this.mask;
    this.slots[4 * s] = h;
    this.slots[4 * s + 1] = e + 1;
    this.slots[4 * s + 2] = this.pack0[e]!;
    this.slots[4 * s + 3] = this.pack1[e]!;
  }

  private grow(): void {
    const capacity = 2 * (this.mask + 1);
    this.slots = new Int32Array(4 * capacity);
    this.mask = capacity - 1;
    for (let e = 0; e < this.size; e++) if (this.charAt[e]! >= 0) this.place(this.hash[e]!, e);
  }

  /** Forgets every entry when the table is full (call only between texts). */
  limit(): void {
    if (this.size < MEMO_LIMIT) return;
    this.slots.fill(0);
    this.slow.clear();
    this.keys.length = 0;
    this.size = 0;
    this.charsUsed = 0;
    for (const p of [this.bitWord, this.bitMask, this.terms, this.roots, this.anchors, this.offsets]) p.size = 0;
  }
}

/** A regex plan in flat form (see RegexPlan in compile.ts), indexed by pattern id. */
interface Plans {
  maskAt: I32; // pid → first (word, bits) pair in maskWord/maskBits; pid + 1 → end
  maskWord: I32;
  maskBits: I32;
  sentence: Uint8Array;
  local: Uint8Array;
  anchor: I32; // -1: not anchored
  triggerAt: I32; // clause → first pattern id in triggerPid; clause + 1 → end
  triggerPid: I32;
}

function flatPlans(m: Matcher): Plans {
  const n = m.patterns.length;
  const maskAt = new Int32Array(n + 1);
  const words: number[] = [];
  const bits: number[] = [];
  const sentence = new Uint8Array(n);
  const local = new Uint8Array(n);
  const anchor = new Int32Array(n).fill(-1);
  m.patterns.forEach((p, pid) => {
    const plan = p.plan;
    if (plan) {
      words.push(...plan.maskWord);
      bits.push(...plan.maskBits);
      sentence[pid] = plan.sentence ? 1 : 0;
      local[pid] = plan.local ? 1 : 0;
      anchor[pid] = plan.sticky ? plan.anchor : -1;
    }
    maskAt[pid + 1] = words.length;
  });
  const triggerAt = new Int32Array(m.clauseCount + 1);
  m.triggerUsers.forEach((u, c) => (triggerAt[c + 1] = triggerAt[c]! + u.length));
  return {
    maskAt,
    maskWord: Int32Array.from(words),
    maskBits: Int32Array.from(bits),
    sentence,
    local,
    anchor,
    triggerAt,
    triggerPid: Int32Array.from(m.triggerUsers.flatMap((u) => [...u])),
  };
}

class Coder {
  private readonly m: Matcher;
  private readonly trie: Trie;
  readonly entries: Entries;
  private readonly plans: Plans;
  /** The text as UTF-16 code units (little-endian hosts), with room for 0 sentinels. */
  private buf = Buffer.alloc(1 << 16);
  private u16 = new Uint16Array(this.buf.buffer, this.buf.byteOffset, this.buf.length >> 1);
  // Tokens of the current text: offsets and entry.
  tokStart: I32 = new Int32Array(1024);
  tokEnd: I32 = new Int32Array(1024);
  tokEntry: I32 = new Int32Array(1024);
  // Sentences of the current text: where each starts and ends (the text between the sentence
  // ends around it) and its first token; sentFirst[nSent] = the number of tokens.
  private sentStart: I32 = new Int32Array(64);
  private sentEnd: I32 = new Int32Array(64);
  private sentFirst: I32 = new Int32Array(65);
  private nSent = 0;
  /** False when the current text went through the string path: keys may not align with it. */
  private aligned = true;
  /** Per sentence, the clauses its tokens satisfy (clauseWords words each); then the segment's. */
  private rows: I32 = new Int32Array(64);
  private readonly segBits: I32;
  // Include spans found so far: theme, start, end (flat); themes excluded in this text.
  private spanBuf: I32 = new Int32Array(3 * 64);
  private nSpans = 0;
  private readonly excluded: Uint8Array;
  private anyExcluded = false;
  // collect(): an order of the spans; per theme, its own merged spans and its coded spans.
  private order: I32 = new Int32Array(64);
  private readonly ownOf: Array<Span[] | undefined>;
  private readonly excludedAs: I32;
  private readonly spansOf: Array<Span[] | undefined>;
  private readonly patternTheme: I32;
  private readonly patternExclude: Uint8Array;
  // Trie walk: stack of (node, next token); the patterns ended in this walk (ended[0 …]), each
  // with its nearest end token (endTok), marked by endStamp[pid] = walkNo.
  private walk: I32 = new Int32Array(64);
  private walkNo = 0;
  private readonly endStamp: I32;
  private readonly endTok: I32;
  private readonly ended: I32;
  /** Number of the current text, to tell this text's anchorHead entries from older ones. */
  private gen = 0;
  // Where anchor fragments occur, per anchor clause, as linked lists (latest token first):
  // clause → first node (if anchorStamp[clause] = gen); node → token, its triple in
  // Entries.anchors, next node (-1 ends).
  private readonly anchorHead: I32;
  private readonly anchorStamp: I32;
  private nodeTok: I32 = new Int32Array(256);
  private nodeTriple: I32 = new Int32Array(256);
  private nodeNext: I32 = new Int32Array(256);
  private nNodes = 0;
  private positions: I32 = new Int32Array(256);
  /** Per pattern: the offsets its sticky regex was tried at, so far (see Matcher.relaxAfter). */
  private readonly tries: I32;

  constructor(matcher: Matcher) {
    this.m = matcher;
    this.trie = new Trie(matcher);
    // The matcher's memo by key: `The` and `the` are two entries, described once.
    this.entries = new Entries(matcher.lookup, this.trie);
    this.plans = flatPlans(matcher);
    this.segBits = new Int32Array(matcher.clauseWords);
    this.excluded = new Uint8Array(matcher.themes.length);
    // A hidden theme (an answer rule) is excluded when its codebook theme is.
    this.excludedAs = Int32Array.from(matcher.themes, (_, ti) => (ti < matcher.visible ? ti : matcher.answerOf[ti - matcher.visible]!));
    this.ownOf = new Array<Span[] | undefined>(matcher.themes.length).fill(undefined);
    this.spansOf = new Array<Span[] | undefined>(matcher.themes.length).fill(undefined);
    this.patternTheme = Int32Array.from(matcher.patterns.map((p) => p.theme));
    this.patternExclude = Uint8Array.from(matcher.patterns.map((p) => (p.exclude ? 1 : 0)));
    this.anchorHead = new Int32Array(matcher.clauseCount);
    this.endStamp = new Int32Array(matcher.patterns.length);
    this.endTok = new Int32Array(matcher.patterns.length);
    this.ended = new Int32Array(matcher.patterns.length);
    this.anchorStamp = new Int32Array(matcher.clauseCount);
    this.tries = new Int32Array(matcher.patterns.length);
  }

  /** Tokenises `text` into tokStart/tokEnd/tokEntry and its sentences; returns the number of tokens. */
  scan(text: string): number {
    this.entries.limit();
    const n = text.length;
    if (LITTLE_ENDIAN) {
      if (2 * (n + 2) > this.buf.length) {
        this.buf = Buffer.alloc(Math.max(2 * this.buf.length, 2 * (n + 2)));
        this.u16 = new Uint16Array(this.buf.buffer, this.buf.byteOffset, this.buf.length >> 1);
      }
      this.buf.write(text, 0, 'utf16le');
      this.u16[n] = 0;
      this.u16[n + 1] = 0;
      const count = this.scanFast(n);
      if (count >= 0) {
        this.aligned = true;
        return count;
      }
    }
    this.aligned = false;
    return this.scanString(text);
  }

  /** Starts sentence number `s` at text offset `start` with token `first`. */
  private openSentence(s: number, start: number, first: number): void {
    if (s + 1 >= this.sentStart.length) {
      this.sentStart = grown(this.sentStart, 0);
      this.sentEnd = grown(this.sentEnd, 0);
      this.sentFirst = grown(this.sentFirst, s + 2);
    }
    this.sentStart[s] = start;
    this.sentFirst[s] = first;
  }

  private growTokens(): void {
    this.tokStart = grown(this.tokStart, 0);
    this.tokEnd = grown(this.tokEnd, 0);
    this.tokEntry = grown(this.tokEntry, 0);
  }

  /**
   * The fast tokeniser over u16[0, n) (SPEC §1, as tokenise()), with the entry look-up inlined;
   * -1 when the text holds a code unit it leaves to scanString.
   */
  private scanFast(n: number): number {
    const u = this.u16;
    const entries = this.entries;
    let slots = entries.slots;
    let mask = entries.mask;
    let tokStart = this.tokStart;
    let tokEnd = this.tokEnd;
    let tokEntry = this.tokEntry;
    let count = 0;
    let sent = -1; // current sentence
    let broken = true; // a sentence end (or the start of the text) since the last token
    let firstEnd = n; // the first sentence end after the last token
    let lastEnd = -1; // the last sentence end seen
    let i = 0;
    while (i < n) {
      const cls = CLASS[u[i]!]!;
      if (cls !== WORD) {
        if (cls === SENTENCE_END) {
          if (!broken) {
            broken = true;
            firstEnd = i;
          }
          lastEnd = i;
        } else if (cls === OTHER) return -1;
        i++;
        continue;
      }
      if (broken) {
        if (sent >= 0) this.sentEnd[sent] = firstEnd;
        this.openSentence(++sent, lastEnd + 1, count);
        broken = false;
      }
      // Read the token, packing its last 8 code units, 7 bits each, into hi:lo, which spells an
      // ASCII token of up to 8 exactly (and feeds the hash of a longer one).
      const start = i;
      let c = u[i]!;
      let lo = c;
      let hi = 0;
      let any = c; // OR of the code units: < 128 for ASCII
      for (;;) {
        c = u[++i]!;
        const k = CLASS[c]!;
        if (k !== WORD) {
          // The end of a run of word characters (u[n] is a 0 sentinel): a joiner followed by a
          // word character continues the token.
          if (k === JOINER) {
            const next = CLASS[u[i + 1]!]!;
            if (next !== WORD) {
              if (next === OTHER) return -1;
              break;
            }
          } else if (k === OTHER) return -1;
          else break;
        }
        hi = (hi << 7) | (lo >>> 21);
        lo = ((lo << 7) | c) & 0xfffffff;
        any |= c;
      }
      // Find the entry (same hash; same packing, or same length and code units); add it when missing.
      const len = i - start;
      const short = len <= 8 && any < 128;
      const p0 = short ? lo : -1;
      const p1 = short ? (hi & 0xfffffff) | (len << 28) : -1;
      const h = tokenHash(lo, hi, len, u[start]!);
      let s = h & mask;
      let e: number;
      for (;;) {
        e = slots[4 * s + 1]! - 1;
        if (e < 0) {
          e = entries.addFast(u, start, i, h, p0, p1);
          slots = entries.slots; // the table may have grown
          mask = entries.mask;
          break;
        }
        if (slots[4 * s] === h && slots[4 * s + 3] === p1) {
          if (short) {
            if (slots[4 * s + 2] === p0) break;
          } else if (entries.length[e] === len) {
            const chars = entries.chars;
            const at = entries.charAt[e]!;
            let j = 0;
            while (j < len && chars[at + j] === u[start + j]) j++;
            if (j === len) break;
          }
        }
        s = (s + 1) & mask;
      }
      if (count === tokStart.length) {
        this.growTokens();
        tokStart = this.tokStart;
        tokEnd = this.tokEnd;
        tokEntry = this.tokEntry;
      }
      tokStart[count] = start;
      tokEnd[count] = i;
      tokEntry[count] = e;
      count++;
    }
    if (sent >= 0) this.sentEnd[sent] = broken ? firstEnd : n;
    this.nSent = sent + 1;
    this.sentFirst[sent + 1] = count;
    return count;
  }

  /** The string path: exactly tokenise(), token by token, with the entries' Map for keys. */
  private scanString(text: string): number {
    const n = text.length;
    const lower = text.toLowerCase();
    // Lower-casing can change the length (İ → i̇); then fold each token on its own.
    const sameLength = lower.length === n;
    let count = 0;
    let sent = -1;
    let broken = true;
    let firstEnd = n;
    let lastEnd = -1;
    let i = 0;
    while (i < n) {
      let w = wordWidth(text, i, false);
      if (w === 0) {
        if (CLASS[text.charCodeAt(i)] === SENTENCE_END) {
          if (!broken) {
            broken = true;
            firstEnd = i;
          }
          lastEnd = i;
        }
        i++;
        continue;
      }
      if (broken) {
        if (sent >= 0) this.sentEnd[sent] = firstEnd;
        this.openSentence(++sent, lastEnd + 1, count);
        broken = false;
      }
      const start = i;
      i += w;
      while (i < n) {
        w = wordWidth(text, i, false);
        if (w > 0) {
          i += w;
          continue;
        }
        if (isJoiner(text.charCodeAt(i)) && i + 1 < n && wordWidth(text, i + 1, false) > 0) {
          i++;
          continue;
        }
        break;
      }
      let key = sameLength ? lower.slice(start, i) : text.slice(start, i).toLowerCase();
      if (/[\u2019\u2010\u2011]/.test(key)) key = key.replace(/\u2019/g, "'").replace(/[\u2010\u2011]/g, '-');
      if (count === this.tokStart.length) this.growTokens();
      this.tokStart[count] = start;
      this.tokEnd[count] = i;
      this.tokEntry[count] = this.entries.findKey(key);
      count++;
    }
    if (sent >= 0) this.sentEnd[sent] = broken ? firstEnd : n;
    this.nSent = sent + 1;
    this.sentFirst[sent + 1] = count;
    return count;
  }

  private enabled: Uint8Array | null = null;
  /** Matches of `in_answer_to` answer patterns in the last text coded: codebook theme index, spans. */
  answers: Array<{ theme: number; spans: Span[] }> = [];

  /**
   * Codes `text`. `enabled[k]` = 1 runs the answer patterns of rule k (hidden theme visible + k);
   * by default none run, so a turn whose question asks for no rule costs nothing more.
   */
  code(text: string, enabled: Uint8Array | null = null): Coding[] {
    const m = this.m;
    this.enabled = enabled;
    if (this.answers.length > 0) this.answers = [];
    const n = this.scan(text);
    if (++this.gen === 0x7fffffff) {
      this.gen = 1;
      this.anchorStamp.fill(0);
    }
    this.nNodes = 0;
    this.nSpans = 0;
    if (this.anyExcluded) {
      this.excluded.fill(0);
      this.anyExcluded = false;
    }
    const W = m.clauseWords;
    const nSent = this.nSent;
    if (this.rows.length < nSent * W) this.rows = new Int32Array(Math.max(2 * this.rows.length, nSent * W));
    const rows = this.rows;
    rows.fill(0, 0, nSent * W);
    const entries = this.entries;
    const flags = entries.flags;
    const bitAt = entries.bitAt;
    const bitWord = entries.bitWord.data;
    const bitMask = entries.bitMask.data;
    const tokEntry = this.tokEntry;
    const sentFirst = this.sentFirst;
    const kidBits = entries.kidBits;
    const termBits = entries.termBits;

    // One pass over the tokens: clause bits into the sentence's row; word patterns.
    for (let s = 0; s < nSent; s++) {
      const base = s * W;
      const last = sentFirst[s + 1]!;
      for (let i = sentFirst[s]!; i < last; i++) {
        const e = tokEntry[i]!;
        const f = flags[e]!;
        if (f === 0) continue;
        if ((f & 1) !== 0) for (let j = bitAt[e]!, end = bitAt[e + 1]!; j < end; j++) rows[base + bitWord[j]!]! |= bitMask[j]!;
        // Word patterns: one-word ones end here; longer ones only if the next token may go on.
        if ((f & 8) !== 0) this.matchWords(i, e, n, false);
        if ((f & 2) !== 0 && i + 1 < n && ((f & 16) !== 0 || (kidBits[e]! & termBits[tokEntry[i + 1]!]!) !== 0)) this.matchWords(i, e, n, true);
        if ((f & 4) !== 0) this.noteAnchors(i, e);
      }
    }

    // Regular expressions: every one without a prefilter; then those whose trigger clause
    // holds in the segment and whose other clauses do too.
    for (const pid of m.alwaysRegexes) if (this.runs(pid)) this.scanRegex(pid, text, 0);
    const seg = this.segBits;
    seg.fill(0);
    for (let s = 0; s < nSent; s++) for (let w = 0; w < W; w++) seg[w]! |= rows[s * W + w]!;
    const plans = this.plans;
    const triggerMask = m.triggerMask;
    for (let w = 0; w < W; w++) {
      let bits = seg[w]! & triggerMask[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const c = w * 32 + 31 - Math.clz32(low);
        for (let k = plans.triggerAt[c]!, end = plans.triggerAt[c + 1]!; k < end; k++) {
          const pid = plans.triggerPid[k]!;
          if (this.runs(pid) && this.holds(pid, seg, 0)) this.runPlanned(pid, text);
        }
      }
    }
    if (this.nSpans === 0) return [];
    return this.collect();
  }

  /** Adds token i (entry e) to the occurrence list of each anchor clause it holds. */
  private noteAnchors(i: number, e: number): void {
    const entries = this.entries;
    const anchors = entries.anchors.data;
    for (let a = entries.anchorAt[e]!, end = entries.anchorAt[e + 1]!; a < end; a += 3) {
      const clause = anchors[a]!;
      const node = this.nNodes++;
      if (node === this.nodeTok.length) {
        this.nodeTok = grown(this.nodeTok, 0);
        this.nodeTriple = grown(this.nodeTriple, 0);
        this.nodeNext = grown(this.nodeNext, 0);
      }
      this.nodeTok[node] = i;
      this.nodeTriple[node] = a;
      this.nodeNext[node] = this.anchorStamp[clause] === this.gen ? this.anchorHead[clause]! : -1;
      this.anchorStamp[clause] = this.gen;
      this.anchorHead[clause] = node;
    }
  }

  /**
   * Word patterns from token i: its terms lead from the root to `roots` (Entries); one-word
   * patterns end there (longer = false), longer ones continue along the terms of tokens i + 1,
   * i + 2, … (longer = true).
   */
  private matchWords(i: number, e: number, n: number, longer: boolean): void {
    const trie = this.trie;
    const roots = this.entries.roots.data;
    for (let r = this.entries.rootAt[e]!, end = this.entries.rootAt[e + 1]!; r < end; r++) {
      const node = roots[r]!;
      if (!longer) {
        for (let k = trie.endAt[node]!, end2 = trie.endAt[node + 1]!; k < end2; k++) {
          this.record(trie.endPattern[k]!, this.tokStart[i]!, this.tokEnd[i]!);
        }
      } else if (trie.hasKids[node] === 1) this.walkTrie(i, node, n);
    }
  }


  /** The trie below `node`, reached by tokens [i, …]: depth first along the next tokens' terms. */
  private walkTrie(i: number, from: number, n: number): void {
    const trie = this.trie;
    const entries = this.entries;
    const termAt = entries.termAt;
    const terms = entries.terms.data;
    const tokEntry = this.tokEntry;
    // Stack entries: a node with children, and the token that may continue it.
    let top = 0;
    let nEnded = 0;
    if (++this.walkNo === 0x7fffffff) {
      this.walkNo = 1;
      this.endStamp.fill(0);
    }
    this.walk[top++] = from;
    this.walk[top++] = i + 1;
    while (top > 0) {
      const next = this.walk[--top]!;
      const node = this.walk[--top]!;
      if (trie.hasGap[node] === 1) {
        // A gap of at most N tokens, in the sentence of the token before it: the next word may
        // be any of tokens next … next + N.
        const stop = Math.min(n, this.sentenceEnd(next - 1));
        for (let g = trie.gapAt[node]!, end = trie.gapAt[node + 1]!; g < end; g++) {
          const child = trie.gapChild[g]!;
          const last = Math.min(stop, next + trie.gapN[g]! + 1);
          if (top + 2 * (last - next) > this.walk.length) this.walk = grown(this.walk, top + 2 * (last - next));
          for (let j = next; j < last; j++) {
            this.walk[top++] = child;
            this.walk[top++] = j;
          }
        }
      }
      if (next >= n) continue;
      const e = tokEntry[next]!;
      const kidBits = trie.kidBits[node]!;
      for (let t = termAt[e]!, end = termAt[e + 1]!; t < end; t++) {
        const term = terms[t]!;
        if (((kidBits >>> (term & 31)) & 1) === 0) continue;
        const child = trie.child(node, term);
        if (child < 0) continue;
        for (let k = trie.endAt[child]!, end2 = trie.endAt[child + 1]!; k < end2; k++) {
          // A pattern with gaps may end at several tokens: from this start, the nearest counts.
          const pid = trie.endPattern[k]!;
          if (this.endStamp[pid] !== this.walkNo) {
            this.endStamp[pid] = this.walkNo;
            this.endTok[pid] = next;
            this.ended[nEnded++] = pid;
          } else if (next < this.endTok[pid]!) this.endTok[pid] = next;
        }
        if (trie.hasKids[child] === 0 || next + 1 >= n) continue;
        if (top + 2 > this.walk.length) this.walk = grown(this.walk, 0);
        this.walk[top++] = child;
        this.walk[top++] = next + 1;
      }
    }
    for (let k = 0; k < nEnded; k++) this.record(this.ended[k]!, this.tokStart[i]!, this.tokEnd[this.endTok[this.ended[k]!]!]!);
  }

  /** The token after the last of the sentence that token `tok` is in. */
  private sentenceEnd(tok: number): number {
    const first = this.sentFirst;
    let lo = 0;
    let hi = this.nSent - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (first[mid]! <= tok) lo = mid;
      else hi = mid - 1;
    }
    return first[lo + 1]!;
  }

  /** Whether every clause of the regex `pid` is set in bits[base …]. */
  private holds(pid: number, bits: I32, base: number): boolean {
    const plans = this.plans;
    for (let k = plans.maskAt[pid]!, end = plans.maskAt[pid + 1]!; k < end; k++) {
      const need = plans.maskBits[k]!;
      if ((bits[base + plans.maskWord[k]!]! & need) !== need) return false;
    }
    return true;
  }

  /** Runs a prefiltered regex whose clauses hold in the segment. */
  private runPlanned(pid: number, text: string): void {
    const plans = this.plans;
    const anchored = plans.anchor[pid]! >= 0 && this.aligned;
    if (plans.sentence[pid] === 0) {
      if (anchored) this.tryAnchored(pid, text, 0, this.sentFirst[this.nSent]!);
      else this.scanRegex(pid, text, 0);
      return;
    }
    const W = this.m.clauseWords;
    for (let s = 0; s < this.nSent; s++) {
      if (!this.holds(pid, this.rows, s * W)) continue;
      if (anchored) this.tryAnchored(pid, text, this.sentFirst[s]!, this.sentFirst[s + 1]!);
      else if (plans.local[pid] === 1) this.scanSlice(pid, text, this.sentStart[s]!, this.sentEnd[s]!);
      else {
        // No match starts before this sentence: a global scan from here finds them all.
        this.scanRegex(pid, text, this.sentStart[s]!);
        return;
      }
    }
  }

  /** The global-flag scan of the text from `from` (no match starts before it). */
  private scanRegex(pid: number, text: string, from: number): void {
    const re = this.m.patterns[pid]!.regex!;
    re.lastIndex = from;
    let match: RegExpExecArray | null;
    while ((match = re.exec(text)) !== null) {
      if (match[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      this.record(pid, match.index, match.index + match[0].length);
    }
  }

  /** The global-flag scan of the sentence text[start, end) cut out (a local regex). */
  private scanSlice(pid: number, text: string, start: number, end: number): void {
    const re = this.m.patterns[pid]!.regex!;
    const part = text.slice(start, end);
    re.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = re.exec(part)) !== null) {
      if (match[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      this.record(pid, start + match.index, start + match.index + match[0].length);
    }
  }

  /**
   * The matches a global scan finds that start in tokens [fromTok, toTok) (all of them, for an
   * anchored regex whose clauses hold only there), trying the sticky regex at anchor offsets.
   */
  private tryAnchored(pid: number, text: string, fromTok: number, toTok: number): void {
    const clause = this.plans.anchor[pid]!;
    if (this.anchorStamp[clause] !== this.gen) return;
    const anchors = this.entries.anchors.data;
    const offsets = this.entries.offsets.data;
    // Offsets, gathered latest token first and then read backwards: ascending.
    let np = 0;
    for (let node = this.anchorHead[clause]!; node >= 0; node = this.nodeNext[node]!) {
      const tok = this.nodeTok[node]!;
      if (tok >= toTok) continue;
      if (tok < fromTok) break;
      const a = this.nodeTriple[node]!;
      const base = this.tokStart[tok]!;
      const first = anchors[a + 1]!;
      const last = anchors[a + 2]!;
      if (np + last - first > this.positions.length) this.positions = grown(this.positions, np + last - first);
      for (let o = last - 1; o >= first; o--) this.positions[np++] = base + offsets[o]!;
    }
    const plan = this.m.patterns[pid]!.plan!;
    const re = plan.sticky!;
    // The relaxed twin is one more regex to compile (on first use, ~0.5 ms): worth it only for a
    // regex tried often, as on a large corpus.
    const relaxed = this.tries[pid]! >= this.m.relaxAfter ? plan.relaxed : null;
    this.tries[pid]! += np;
    let after = 0; // end of the previous match: a global scan resumes there
    for (let q = np - 1; q >= 0; q--) {
      const at = this.positions[q]!;
      if (at < after) continue;
      // Where the regex without its lookarounds fails, the regex fails (RegexPlan.relaxed).
      if (relaxed !== null) {
        relaxed.lastIndex = at;
        if (!relaxed.test(text)) continue;
      }
      re.lastIndex = at;
      // test() moves lastIndex to the end of the match (never empty: RegexPlan.anchor).
      if (re.test(text)) {
        after = re.lastIndex;
        this.record(pid, at, after);
      }
    }
  }

  /** Whether pattern `pid` runs on this text: not the answer pattern of a rule not asked for. */
  private runs(pid: number): boolean {
    const theme = this.patternTheme[pid]!;
    const k = theme - this.m.visible;
    return k < 0 || (this.enabled !== null && this.enabled[k] === 1);
  }

  private record(pid: number, start: number, end: number): void {
    const theme = this.patternTheme[pid]!;
    if (theme >= this.m.visible && !this.runs(pid)) return;
    if (this.patternExclude[pid] === 1) {
      this.excluded[theme] = 1;
      this.anyExcluded = true;
      return;
    }
    const at = this.nSpans * 3;
    if (at + 3 > this.spanBuf.length) this.spanBuf = grown(this.spanBuf, 0);
    this.spanBuf[at] = theme;
    this.spanBuf[at + 1] = start;
    this.spanBuf[at + 2] = end;
    this.nSpans++;
  }

  /** Own codes, then the union of sub-themes, deepest first. */
  private collect(): Coding[] {
    const m = this.m;
    const buf = this.spanBuf;
    // The include spans of themes not excluded, sorted by theme, start, end (a few: insertion).
    const order = this.order.length >= this.nSpans ? this.order : (this.order = new Int32Array(2 * this.nSpans));
    let count = 0;
    const excludedAs = this.excludedAs;
    for (let k = 0; k < this.nSpans; k++) {
      if (this.excluded[excludedAs[buf[3 * k]!]!] === 1) continue;
      let j = count++;
      while (j > 0 && before(buf, k, order[j - 1]!)) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = k;
    }
    // A theme's own spans, merged from its run of `order`.
    const own = this.ownOf;
    for (let q = 0; q < count; ) {
      const theme = buf[3 * order[q]!]!;
      const list: Span[] = [];
      for (; q < count && buf[3 * order[q]!] === theme; q++) {
        const start = buf[3 * order[q]! + 1]!;
        const end = buf[3 * order[q]! + 2]!;
        const last = list[list.length - 1];
        if (last && start < last[1]) {
          if (end > last[1]) last[1] = end;
        } else list.push([start, end]);
      }
      own[theme] = list;
    }
    // Then with the sub-themes' (the same array when none of them codes).
    const spans = this.spansOf;
    for (const ti of m.bottomUp) {
      const mine = own[ti];
      let union: Span[] | undefined;
      for (const c of m.children[ti]!) {
        const child = spans[c];
        if (child) union = union ? union.concat(child) : child.slice();
      }
      spans[ti] = union === undefined ? mine : merge(mine ? union.concat(mine) : union);
    }
    const out: Coding[] = [];
    for (let ti = 0; ti < m.visible; ti++) {
      const s = spans[ti];
      if (s) out.push({ theme: m.themes[ti]!.id, hits: s.length, spans: s, own: own[ti] ?? null });
      own[ti] = undefined;
      spans[ti] = undefined;
    }
    // Hidden themes: the answer patterns of `in_answer_to` rules (see Matcher.visible).
    for (let ti = m.visible; ti < m.themes.length; ti++) {
      const s = spans[ti];
      if (s) this.answers.push({ theme: m.answerOf[ti - m.visible]!, spans: s });
      own[ti] = undefined;
      spans[ti] = undefined;
    }
    return out;
  }

}

/** Whether span a of the flat (theme, start, end) buffer sorts before span b. */
function before(buf: I32, a: number, b: number): boolean {
  const ta = buf[3 * a]!;
  const tb = buf[3 * b]!;
  if (ta !== tb) return ta < tb;
  const sa = buf[3 * a + 1]!;
  const sb = buf[3 * b + 1]!;
  return sa !== sb ? sa < sb : buf[3 * a + 2]! < buf[3 * b + 2]!;
}

/** Sorts spans and merges those that overlap (share at least one character). */
export function merge(spans: Span[]): Span[] {
  if (spans.length === 1) return [[spans[0]![0], spans[0]![1]]];
  // Insertion sort: a segment has a few spans, and Array#sort with a comparator costs more.
  const sorted = spans.slice();
  for (let i = 1; i < sorted.length; i++) {
    const x = sorted[i]!;
    let j = i - 1;
    while (j >= 0 && (sorted[j]![0] > x[0] || (sorted[j]![0] === x[0] && sorted[j]![1] > x[1]))) {
      sorted[j + 1] = sorted[j]!;
      j--;
    }
    sorted[j + 1] = x;
  }
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] < last[1]) {
      if (s[1] > last[1]) last[1] = s[1];
    } else out.push([s[0], s[1]]);
  }
  return out;
}
