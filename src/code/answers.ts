/**
 * `in_answer_to` rules on top of SPEC §1's coding: a theme with such a rule also codes a
 * participant's turn when the interviewer's turn just before it (the question) matches the rule's
 * `question` patterns and the turn matches the rule's `patterns`, unless one of the theme's
 * `exclude` patterns matches the turn. Those matches join the theme's own spans (and so its
 * hits); parents are then recomputed as the union of their sub-themes (SPEC §1).
 *
 * The answer patterns are hidden themes of the main matcher (see Matcher.visible), so a turn is
 * scanned once, and only the rules its question asks for run; each question is coded once (and
 * a question worded as an earlier one is remembered).
 */
import type { Matcher } from '../codebook/compile.js';
import type { Coding } from '../types.js';
import { codeText, codeWithAnswers, merge } from './match.js';

type Span = [number, number];

/** Questions already coded, by wording (interview guides repeat them); bounded. */
const remembered = new WeakMap<Matcher, Map<string, Uint8Array | null>>();
const REMEMBER = 1000;

/** An interviewer's turn as the question of the turns after it; coded on first use. */
export class Question {
  private mask: Uint8Array | null | undefined = undefined;

  constructor(
    private readonly matcher: Matcher,
    readonly text: string,
  ) {}

  /** Per `in_answer_to` rule (Matcher.answerOf order), 1 when its question patterns match; null: none. */
  rules(): Uint8Array | null {
    if (this.mask !== undefined) return this.mask;
    const m = this.matcher;
    let memo = remembered.get(m);
    if (!memo) remembered.set(m, (memo = new Map()));
    const known = memo.get(this.text);
    if (known !== undefined) return (this.mask = known);
    let mask: Uint8Array | null = null;
    if (m.question !== null) {
      const asked = new Set(codeText(m.question, this.text).map((c) => c.theme));
      if (asked.size > 0) mask = Uint8Array.from(m.answerOf, (ti) => (asked.has(m.codebook.themes[ti]!.id) ? 1 : 0));
    }
    if (memo.size >= REMEMBER) memo.clear();
    memo.set(this.text, mask);
    return (this.mask = mask);
  }

  /** The themes whose `in_answer_to.question` patterns match the question. */
  themes(): ReadonlySet<string> {
    const mask = this.rules();
    const out = new Set<string>();
    if (mask) this.matcher.answerOf.forEach((ti, k) => mask[k] === 1 && out.add(this.matcher.codebook.themes[ti]!.id));
    return out;
  }
}

/** Per matcher: every rule enabled, and each codebook theme's rule number. */
const everyRule = new WeakMap<Matcher, { all: Uint8Array; ruleOf: Map<number, number> }>();

/**
 * The codings of a participant's turn, given its question (null: none). The turn is coded with
 * every rule's answer patterns first, and the question only when one of them matches: most turns
 * match none, and coding the turn's question would cost more than the answer patterns do. The
 * result is the same as coding the question first and running only the rules it asks for.
 */
export function codeAnswer(matcher: Matcher, text: string, question: Question | null): Coding[] {
  if (matcher.question === null || question === null) return codeText(matcher, text);
  let rules = everyRule.get(matcher);
  if (!rules) everyRule.set(matcher, (rules = { all: new Uint8Array(matcher.answerOf.length).fill(1), ruleOf: new Map(matcher.answerOf.map((ti, k) => [ti, k])) }));
  const { codings, answers } = codeWithAnswers(matcher, text, rules.all);
  if (answers.length === 0) return codings;
  const mask = question.rules();
  if (mask === null) return codings;
  const extra = new Map<number, Span[]>();
  for (const a of answers) if (mask[rules.ruleOf.get(a.theme)!] === 1) extra.set(a.theme, a.spans);
  return extra.size === 0 ? codings : withSpans(matcher, codings, extra);
}

/** `base` with more own spans for some themes (by index); parents recomputed bottom-up. */
export function withSpans(matcher: Matcher, base: Coding[], extra: Map<number, Span[]>): Coding[] {
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
