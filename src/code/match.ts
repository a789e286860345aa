/**
 * Matcher × segment text → codings (SPEC §1): a theme codes a segment when one of its patterns
 * matches and none of its exclude patterns does; a parent also codes whatever its sub-themes
 * code; hits are the matched spans after overlapping spans are merged.
 */
import type { Matcher } from '../codebook/compile.js';
import type { Coding } from '../types.js';
import { tokenise } from './tokenise.js';

type Span = [number, number];

/** Codings of one text, in codebook order. */
export function codeText(matcher: Matcher, text: string): Coding[] {
  const nThemes = matcher.themes.length;
  const include: Span[][] = new Array(nThemes);
  const excluded = new Uint8Array(nThemes);
  let any = false;
  const record = (pid: number, start: number, end: number) => {
    const p = matcher.patterns[pid]!;
    if (p.exclude) excluded[p.theme] = 1;
    else {
      (include[p.theme] ??= []).push([start, end]);
      any = true;
    }
  };

  // One look-up per token: the word-pattern terms it matches and the regexes it may trigger.
  const tokens = tokenise(text);
  const n = tokens.length;
  const termLists: Int32Array[] = new Array(n);
  let triggered: Set<number> | null = null;
  for (let i = 0; i < n; i++) {
    const info = matcher.lookup(tokens.keys[i]!);
    termLists[i] = info.terms;
    if (info.regexes.length > 0) {
      triggered ??= new Set();
      for (let r = 0; r < info.regexes.length; r++) triggered.add(info.regexes[r]!);
    }
  }
  if (n > 0 && matcher.byFirstTerm.size > 0) {
    for (let i = 0; i < n; i++) {
      const here = termLists[i]!;
      for (let t = 0; t < here.length; t++) {
        const starting = matcher.byFirstTerm.get(here[t]!);
        if (starting === undefined) continue;
        for (const pid of starting) {
          const terms = matcher.patterns[pid]!.terms!;
          const k = terms.length;
          if (i + k > n) continue;
          let ok = true;
          for (let j = 1; j < k; j++) {
            if (!includes(termLists[i + j]!, terms[j]!)) {
              ok = false;
              break;
            }
          }
          if (ok) record(pid, tokens.starts[i]!, tokens.ends[i + k - 1]!);
        }
      }
    }
  }

  // Regular expressions on the text itself, only those whose literal prefilter passed (or that
  // have none); empty matches are not mentions.
  const regexes = triggered ? [...matcher.alwaysRegexes, ...triggered] : matcher.alwaysRegexes;
  for (const pid of regexes) {
    const re = matcher.patterns[pid]!.regex!;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      record(pid, m.index, m.index + m[0].length);
    }
  }
  if (!any) return [];

  // Own codes, then the union of sub-themes, deepest first.
  const spans: Array<Span[] | undefined> = new Array(nThemes);
  for (const ti of matcher.bottomUp) {
    let mine: Span[] | undefined = include[ti] !== undefined && excluded[ti] === 0 ? include[ti] : undefined;
    for (const c of matcher.children[ti]!) {
      const child = spans[c];
      if (child) mine = mine ? mine.concat(child) : child.slice();
    }
    if (mine) spans[ti] = merge(mine);
  }
  const out: Coding[] = [];
  for (let ti = 0; ti < nThemes; ti++) {
    const s = spans[ti];
    if (s) out.push({ theme: matcher.themes[ti]!.id, hits: s.length, spans: s });
  }
  return out;
}

function includes(list: Int32Array, id: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === id) return true;
  return false;
}

/** Sorts spans and merges those that overlap (share at least one character). */
export function merge(spans: Span[]): Span[] {
  const sorted = spans.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] < last[1]) {
      if (s[1] > last[1]) last[1] = s[1];
    } else out.push([s[0], s[1]]);
  }
  return out;
}
