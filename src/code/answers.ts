/**
 * `in_answer_to` rules on top of SPEC §1's coding: a theme with such a rule also codes a
 * participant's turn when the interviewer's turn just before it (the question) matches the rule's
 * `question` patterns and the turn matches the rule's `patterns`, unless one of the theme's
 * `exclude` patterns matches the turn. Those matches join the theme's own spans (and so its
 * hits); parents are then recomputed as the union of their sub-themes (SPEC §1).
 *
 * The answer patterns are hidden themes of the main matcher (see Matcher.visible), so a turn is
 * scanned once; the question is coded only when some answer pattern matched, once per question.
 */
import type { Matcher } from '../codebook/compile.js';
import type { Coding } from '../types.js';
import { codeText, codeWithAnswers, merge } from './match.js';

type Span = [number, number];

/** An interviewer's turn as the question of the turns after it; coded on first use. */
export class Question {
  private asked: ReadonlySet<string> | null = null;

  constructor(
    private readonly matcher: Matcher,
    readonly text: string,
  ) {}

  /** The themes whose `in_answer_to.question` patterns match the question. */
  themes(): ReadonlySet<string> {
    if (this.asked === null) {
      const q = this.matcher.question;
      this.asked = q === null ? new Set() : new Set(codeText(q, this.text).map((c) => c.theme));
    }
    return this.asked;
  }
}

/** The codings of a participant's turn, given its question (null: none). */
export function codeAnswer(matcher: Matcher, text: string, question: Question | null): Coding[] {
  if (matcher.question === null) return codeText(matcher, text);
  const { codings, answers } = codeWithAnswers(matcher, text);
  if (answers.length === 0 || question === null) return codings;
  const asked = question.themes();
  if (asked.size === 0) return codings;
  const themes = matcher.codebook.themes;
  const extra = new Map<number, Span[]>();
  for (const a of answers) if (asked.has(themes[a.theme]!.id)) extra.set(a.theme, a.spans);
  return extra.size === 0 ? codings : withSpans(matcher, codings, extra);
}

/** `base` with more own spans for some themes (by index); parents recomputed bottom-up. */
function withSpans(matcher: Matcher, base: Coding[], extra: Map<number, Span[]>): Coding[] {
  const themes = matcher.codebook.themes;
  const byId = new Map(base.map((c) => [c.theme, c]));
  const own: Array<Span[] | null> = new Array(themes.length).fill(null);
  const all: Array<Span[] | null> = new Array(themes.length).fill(null);
  // Codebook order puts each parent before its sub-themes: backwards, children come first.
  for (let i = themes.length - 1; i >= 0; i--) {
    const b = byId.get(themes[i]!.id);
    let mine: Span[] | null = b ? (b.own === undefined ? b.spans : b.own) : null;
    const more = extra.get(i);
    if (more) mine = merge(mine ? mine.concat(more) : more);
    let spans: Span[] = mine ?? [];
    for (const c of matcher.children[i]!) {
      const s = all[c];
      if (s) spans = spans.concat(s);
    }
    own[i] = mine;
    if (spans.length > 0) all[i] = merge(spans);
  }
  const out: Coding[] = [];
  themes.forEach((t, i) => {
    const spans = all[i];
    if (spans) out.push({ theme: t.id, hits: spans.length, spans, own: own[i] });
  });
  return out;
}
