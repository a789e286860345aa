/**
 * Document → speaker turns (SPEC §1). A turn starts on a line `LABEL: text`, optionally after a
 * timestamp; other lines continue the current turn; text before the first turn is not a turn.
 */
import type { Document, Segment } from '../types.js';

export const DEFAULT_INTERVIEWERS = ['Interviewer', 'Facilitator', 'Moderator', 'Researcher', 'I', 'Q'];

export interface SegmentOptions {
  /** Extra interviewer labels (e.g. `--interviewer Doctor`), added to the document's list. */
  interviewers?: string[];
}

// `[00:12:31]`, `(00:12)`, `00:12:31.250` — then at least one space.
const TIMESTAMP = String.raw`(?:[\[(]\s*(\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?)\s*[\])]|(\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?))\s+`;
// One to four words, each starting with an upper-case letter or a digit.
const WORD = String.raw`[\p{Lu}\p{Lt}\p{N}][\p{L}\p{M}\p{N}'’.\-]*`;
const LABEL = String.raw`${WORD}(?: ${WORD}){0,3}`;
const TURN = new RegExp(String.raw`^\s*(?:${TIMESTAMP})?(${LABEL})\s?:(?=\s|$)\s?`, 'u');
const TIMESTAMP_ONLY = new RegExp(String.raw`^\s*(?:${TIMESTAMP})`, 'u');
const HAS_LETTER = /\p{L}/u;

export interface TurnStart {
  label: string;
  start: string | null;
  /** Offset in the line where the turn's text begins. */
  textAt: number;
}

/** Normalises a label for comparison: single spaces, Unicode lower case. */
export function labelKey(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Recognises the start of a turn on one line. `known` holds the keys of labels named in the front
 * matter, which start a turn even when they do not have the usual shape.
 */
export function matchTurnStart(line: string, known: ReadonlySet<string> = new Set()): TurnStart | null {
  const m = TURN.exec(line);
  if (m) {
    const label = m[3]!;
    if (label.length <= 40 && HAS_LETTER.test(label)) {
      return { label: label.includes(' ') ? label.replace(/\s+/g, ' ') : label, start: m[1] ?? m[2] ?? null, textAt: m[0].length };
    }
  }
  if (known.size === 0) return null;
  // Labels from the front matter: `label:` after an optional timestamp, compared case-insensitively.
  const ts = TIMESTAMP_ONLY.exec(line);
  const from = ts ? ts[0].length : line.length - line.trimStart().length;
  const colon = line.indexOf(':', from);
  if (colon <= from) return null;
  const label = line.slice(from, colon);
  if (!known.has(labelKey(label))) return null;
  const after = line.slice(colon + 1);
  if (after !== '' && !/^\s/.test(after)) return null;
  const textAt = colon + 1 + (after.startsWith(' ') || after.startsWith('\t') ? 1 : 0);
  return { label: label.trim().replace(/\s+/g, ' '), start: ts ? (ts[1] ?? ts[2] ?? null) : null, textAt };
}

export function segment(doc: Document, options: SegmentOptions = {}): Segment[] {
  const interviewerKeys = new Set(
    [...(doc.meta.interviewer ?? DEFAULT_INTERVIEWERS), ...(options.interviewers ?? [])].map(labelKey),
  );
  const renames = new Map<string, string>();
  for (const [label, id] of Object.entries(doc.meta.speakers ?? {})) renames.set(labelKey(label), id);
  const known = new Set<string>([...interviewerKeys, ...renames.keys(), ...(doc.labels ?? []).map(labelKey)]);
  const documentGroup = doc.meta.group ?? null;

  // The few labels of a document recur on every turn: their keys are worked out once.
  const keys = new Map<string, string>();
  const keyOf = (label: string): string => {
    let k = keys.get(label);
    if (k === undefined) keys.set(label, (k = labelKey(label)));
    return k;
  };
  // Labels and timestamps are cut out of a line, and V8 keeps such a substring as a view of the
  // whole document text: a label kept for the run (tallies are keyed by participant) would keep
  // its document in memory, and memory would grow with the corpus. They are copied, once each.
  const copies = new Map<string, string>();
  const own = (s: string): string => {
    let c = copies.get(s);
    if (c === undefined) copies.set(s, (c = [...s].join('')));
    return c;
  };

  const segments: Segment[] = [];
  let current: { seg: Segment; parts: string[] } | null = null;
  const close = () => {
    if (!current) return;
    const parts = current.parts;
    while (parts.length > 1 && parts[parts.length - 1]!.trim() === '') parts.pop();
    current.seg.text = parts.join('\n');
    segments.push(current.seg);
    current = null;
  };

  for (let i = 0; i < doc.lines.length; i++) {
    const line = doc.lines[i]!;
    const turn = matchTurnStart(line, known);
    if (turn) {
      close();
      const label = own(turn.label);
      const key = keyOf(label);
      const index = segments.length + 1;
      const participant = renames.get(key) ?? label;
      current = {
        seg: {
          id: `${doc.id}#${index}`,
          document: doc.id,
          path: doc.path,
          index,
          line: doc.lineNumbers?.[i] ?? doc.firstLine + i,
          start: turn.start === null ? null : own(turn.start),
          speaker: label,
          participant,
          interviewer: interviewerKeys.has(key) || interviewerKeys.has(keyOf(participant)),
          documentGroup,
          text: '',
        },
        parts: [line.slice(turn.textAt)],
      };
    } else if (current) {
      (current as { parts: string[] }).parts.push(line);
    }
  }
  close();
  return segments;
}
