/**
 * Tokens per SPEC §1: maximal runs of Unicode letters, marks and digits; an apostrophe (' or ’)
 * or a hyphen between two such characters joins them into one token. Keys are case-folded with
 * Unicode lower-casing; ’ is written ' and the Unicode hyphens U+2010/U+2011 are written -, so
 * that `don’t` in a transcript equals `don't` in a codebook.
 *
 * This is the hot loop of every run: one pass over UTF-16 code units with a precomputed table for
 * the Basic Multilingual Plane, no regex per character.
 */

const WORD_RE = /[\p{L}\p{M}\p{N}]/u;

/**
 * Every BMP code unit in order, surrogates (and the two units whose lower case is not a
 * context-free single unit, İ and Σ) written as spaces: the tables below are read off this string
 * with one regex pass and one lower-casing instead of 65536 of each.
 */
const ALL = (() => {
  const units = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) units[c] = (c >= 0xd800 && c <= 0xdfff) || c === 0x130 || c === 0x3a3 ? 0x20 : c;
  let s = '';
  for (let c = 0; c < 65536; c += 4096) s += String.fromCharCode(...units.subarray(c, c + 4096));
  return s;
})();

/** 1 where a BMP code unit is a letter, mark or digit. */
const BMP = (() => {
  const t = new Uint8Array(65536);
  const marked = ALL.replace(/[^\p{L}\p{M}\p{N}]/gu, '\0');
  for (let c = 1; c < 65536; c++) if (marked.charCodeAt(c) !== 0) t[c] = 1;
  // İ and Σ stood in as spaces: both are letters.
  t[0x130] = 1;
  t[0x3a3] = 1;
  return t;
})();

/**
 * What the fast scanner (match.ts) needs per BMP code unit:
 * - KIND: 0 = not a word character; 1 = a word character whose lower case is one code unit that
 *   does not depend on its neighbours (LOWER holds it); 2 = a word character that takes the string
 *   path (it lower-cases to several units, like İ, or by context, like Σ → σ/ς); 3 = a surrogate
 *   (astral characters also take the string path).
 * - LOWER: the lower case of KIND-1 units, and the normalised form of the joiners (’ → ', ‐ ‑ → -),
 *   so that LOWER over a token's code units spells its key.
 */
export const KIND = new Uint8Array(65536);
export const LOWER = new Uint16Array(65536);
{
  // Lower-casing ALL keeps every unit in place: İ (U+0130, the one BMP unit whose lower case is
  // two units) and Σ (U+03A3, the one whose lower case depends on context: Final_Sigma) are not
  // in it, and no other lower-casing depends on the neighbours (checked over every BMP unit).
  const lower = ALL.toLowerCase();
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) KIND[c] = 3;
    else if (BMP[c] === 1) {
      if (c === 0x130 || c === 0x3a3) KIND[c] = 2;
      else {
        KIND[c] = 1;
        LOWER[c] = lower.charCodeAt(c);
      }
    }
  }
}
LOWER[0x27] = 0x27;
LOWER[0x2d] = 0x2d;
LOWER[0x2019] = 0x27;
LOWER[0x2010] = 0x2d;
LOWER[0x2011] = 0x2d;

const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;
const HYPHEN = 0x2d;
const U_HYPHEN = 0x2010;
const NB_HYPHEN = 0x2011;
const STAR = 0x2a;
const QMARK = 0x3f;

export function isJoiner(c: number): boolean {
  return c === APOSTROPHE || c === RIGHT_QUOTE || c === HYPHEN || c === U_HYPHEN || c === NB_HYPHEN;
}

export interface Tokens {
  /** Number of tokens. */
  length: number;
  /** Start offsets (UTF-16) in the text. */
  starts: number[];
  /** End offsets (exclusive). */
  ends: number[];
  /** Case-folded, normalised token text: what patterns are compared with. */
  keys: string[];
}

/**
 * Width in code units of the word character at `i` (1 or 2), or 0 when it is not one.
 * `glob` also counts `*` and `?` as word characters (used when tokenising patterns).
 */
export function wordWidth(text: string, i: number, glob: boolean): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return BMP[c] === 1 || (glob && (c === STAR || c === QMARK)) ? 1 : 0;
  if (c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return WORD_RE.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  return 0;
}

export function normaliseKey(s: string): string {
  let k = s.toLowerCase();
  if (/[\u2019\u2010\u2011]/.test(k)) k = k.replace(/\u2019/g, "'").replace(/[\u2010\u2011]/g, '-');
  return k;
}

export function tokenise(text: string, glob = false): Tokens {
  const starts: number[] = [];
  const ends: number[] = [];
  const keys: string[] = [];
  const lower = text.toLowerCase();
  // Lower-casing can change the length (İ → i̇); then fold each token on its own.
  const sameLength = lower.length === text.length;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let w = wordWidth(text, i, glob);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    let special = false;
    i += w;
    for (;;) {
      if (i >= n) break;
      w = wordWidth(text, i, glob);
      if (w > 0) {
        i += w;
        continue;
      }
      const c = text.charCodeAt(i);
      if (isJoiner(c) && i + 1 < n && wordWidth(text, i + 1, glob) > 0) {
        if (c !== APOSTROPHE && c !== HYPHEN) special = true;
        i++;
        continue;
      }
      break;
    }
    starts.push(start);
    ends.push(i);
    let key = sameLength ? lower.slice(start, i) : text.slice(start, i).toLowerCase();
    if (special) key = key.replace(/\u2019/g, "'").replace(/[\u2010\u2011]/g, '-');
    keys.push(key);
  }
  return { length: keys.length, starts, ends, keys };
}
