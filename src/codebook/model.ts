/** The codebook as adm-code understands it, after validation (positions kept for messages). */

export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** Most tokens a `~N` gap may skip. */
export const MAX_GAP = 30;
/** Whether a word of a words pattern is a gap (`~N`). */
export const isGap = (word: string): boolean => word.startsWith('~');

export type Pattern =
  /**
   * Words (token keys, globs with * and ?), in order; a word `~N` between two others is a gap:
   * the next word starts at most N tokens after the one before it, in the same sentence.
   */
  | { kind: 'words'; source: string; pos: SourcePos; words: string[] }
  | { kind: 'regex'; source: string; pos: SourcePos; regex: RegExp };

export interface Example {
  text: string;
  pos: SourcePos;
  /** The interviewer's question the example answers (for `in_answer_to` rules), or null. */
  question: string | null;
}

/**
 * `in_answer_to`: patterns that code a participant's turn only as an answer to a question
 * matching `question` (the interviewer's turn just before it in the same transcript).
 */
export interface AnswerRule {
  question: Pattern[];
  patterns: Pattern[];
  pos: SourcePos;
}

/**
 * `agreement`: a participant's turn of at most `maxWords` tokens that one of `patterns` matches
 * ("Same.", "Exactly that, yes") is a bare agreement, and takes the themes of the participant turn
 * just before it (another speaker's, with no interviewer turn between): see code/agreement.ts.
 */
export interface AgreementRule {
  patterns: Pattern[];
  maxWords: number;
  /** `match`: turns that are bare agreements; `no_match`: turns that are not. */
  examples: { match: Example[]; noMatch: Example[] };
  pos: SourcePos;
}

/** Every pattern of the codebook: each theme's patterns, excludes and `in_answer_to` lists, then the agreement rule's. */
export function allPatterns(cb: Codebook): Pattern[] {
  const out: Pattern[] = [];
  for (const t of cb.themes) {
    out.push(...t.patterns, ...t.exclude);
    if (t.inAnswerTo) out.push(...t.inAnswerTo.question, ...t.inAnswerTo.patterns);
  }
  if (cb.agreement) out.push(...cb.agreement.patterns);
  return out;
}

/** Default and largest `agreement.max_words`. */
export const AGREEMENT_WORDS = 8;
export const MAX_AGREEMENT_WORDS = 30;

export interface Theme {
  id: string;
  label: string;
  definition: string | null;
  whenToUse: string | null;
  whenNotToUse: string | null;
  patterns: Pattern[];
  exclude: Pattern[];
  inAnswerTo: AnswerRule | null;
  examples: { match: Example[]; noMatch: Example[] };
  /** Id of the parent theme, or null at the top level. */
  parent: string | null;
  /** Ids of direct sub-themes, in codebook order. */
  children: string[];
  /** 0 at the top level. */
  depth: number;
  pos: SourcePos;
}

export interface Codebook {
  path: string;
  name: string;
  description: string | null;
  /** Every theme in codebook order: each parent before its sub-themes (depth-first). */
  themes: Theme[];
  /** Interviewer labels the codebook adds to every transcript's list. */
  interviewer: string[];
  /** Names that `--redact` replaces in quotes. */
  redact: string[];
  /** The bare-agreement rule, or null. */
  agreement: AgreementRule | null;
}
