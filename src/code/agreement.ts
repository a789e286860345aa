/**
 * Bare agreement (the codebook's `agreement` rule, an adm-code addition to SPEC §1): in a focus
 * group, "Same." or "That's exactly it, yes" says nothing on its own, but the speaker raises what
 * the turn before said, and a human coder codes it so. A participant's turn of at most
 * `max_words` tokens that one of the rule's patterns matches takes the themes of the participant
 * turn just before it, when that turn is another speaker's and no interviewer turn comes between
 * (the caller, cli/study.ts, decides that). The themes carried are those the previous turn's
 * rules coded by their own patterns (parents follow as the union of their sub-themes); manual
 * codes are not carried. Each is one mention, spanning the agreement's words.
 */
import type { Matcher } from '../codebook/compile.js';
import type { Coding } from '../types.js';
import { withSpans } from './answers.js';
import { codeText } from './match.js';
import { tokenise } from './tokenise.js';

type Span = [number, number];

/** Where `text` says its agreement, when it is a bare agreement by the codebook's rule; else null. */
export function agreementSpan(matcher: Matcher, text: string): Span | null {
  const rule = matcher.codebook.agreement;
  if (rule === null || matcher.agreement === null) return null;
  if (tokenise(text).length > rule.maxWords) return null;
  const spans = codeText(matcher.agreement, text)[0]?.spans;
  return spans && spans.length > 0 ? [spans[0]![0], spans[spans.length - 1]![1]] : null;
}

/** The codings of a bare agreement (at `span`), with the themes `previous` codes by their own patterns. */
export function withAgreement(matcher: Matcher, codings: Coding[], previous: Coding[], span: Span): Coding[] {
  const index = new Map(matcher.codebook.themes.map((t, i) => [t.id, i]));
  const extra = new Map<number, Span[]>();
  for (const c of previous) {
    const own = c.own === undefined ? c.spans : c.own;
    if (own && own.length > 0) extra.set(index.get(c.theme)!, [span]);
  }
  return extra.size === 0 ? codings : withSpans(matcher, codings, extra);
}
