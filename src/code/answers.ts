/**
 * `in_answer_to` rules on top of SPEC §1's coding: a theme with such a rule also codes a
 * participant's turn when the interviewer's turn just before it (the question) matches the rule's
 * `question` patterns and the turn matches the rule's `patterns`, unless one of the theme's
 * `exclude` patterns matches the turn. Those matches join the theme's own spans (and so its
 * hits); parents are then recomputed as the union of their sub-themes (SPEC §1).
 */
import type { Matcher } from '../codebook/compile.js';
import type { Theme } from '../codebook/model.js';
import type { Coding } from '../types.js';
import { codeText, merge } from './match.js';

type Span = [number, number];

const NONE: ReadonlySet<string> = new Set();

/** The themes whose `in_answer_to.question` patterns match an interviewer's turn. */
export function askedThemes(matcher: Matcher, question: string): ReadonlySet<string> {
  if (matcher.answers === null) return NONE;
  const asked = codeText(matcher.answers.question, question);
  return asked.length === 0 ? NONE : new Set(asked.map((c) => c.theme));
}

/** The codings of a participant's turn, given the themes its question asks about (askedThemes). */
export function codeAnswer(matcher: Matcher, text: string, asked: ReadonlySet<string>): Coding[] {
  const base = codeText(matcher, text);
  if (asked.size === 0 || matcher.answers === null) return base;
  const extra = new Map<string, Span[]>();
  for (const c of codeText(matcher.answers.answer, text)) if (asked.has(c.theme)) extra.set(c.theme, c.spans);
  return extra.size === 0 ? base : withSpans(matcher.themes, base, extra);
}

/** `base` with more own spans for some themes; parents recomputed bottom-up. */
function withSpans(themes: Theme[], base: Coding[], extra: Map<string, Span[]>): Coding[] {
  const byId = new Map(base.map((c) => [c.theme, c]));
  const own = new Map<string, Span[] | null>();
  const all = new Map<string, Span[]>();
  // Codebook order puts each parent before its sub-themes: backwards, children come first.
  for (let i = themes.length - 1; i >= 0; i--) {
    const t = themes[i]!;
    const b = byId.get(t.id);
    let mine: Span[] | null = b ? (b.own === undefined ? b.spans : b.own) : null;
    const more = extra.get(t.id);
    if (more) mine = merge(mine ? mine.concat(more) : more);
    let spans: Span[] = mine ?? [];
    for (const c of t.children) {
      const s = all.get(c);
      if (s) spans = spans.concat(s);
    }
    own.set(t.id, mine);
    if (spans.length > 0) all.set(t.id, merge(spans));
  }
  const out: Coding[] = [];
  for (const t of themes) {
    const spans = all.get(t.id);
    if (spans) out.push({ theme: t.id, hits: spans.length, spans, own: own.get(t.id) ?? null });
  }
  return out;
}
