/**
 * Small helpers shared by the readers of structured formats (.vtt, .srt, .docx): character
 * references, speaker labels and the body line every reader writes (`[START] LABEL: text`).
 */
import { labelKey, matchTurnStart } from '../segment/index.js';

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
};

/**
 * Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;`, `&lrm;`, `&rlm;` and numeric
 * references (`&#233;`, `&#xE9;`). Anything else is left as written.
 */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(cp);
    }
    return NAMED[ref] ?? NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Collapses runs of ASCII white space (not no-break spaces) to one space and trims. */
export function squash(s: string): string {
  return s.replace(/[ \t\r\n\f\v]+/g, ' ').replace(/^ | $/g, '');
}

/**
 * A speaker label as it goes into a body line: white space normalised, and any `:` replaced by
 * `.`, since the line syntax ends a label at its first colon (`Room 1: Jane` → `Room 1. Jane`).
 */
export function cleanLabel(label: string): string {
  return label.replace(/\s+/g, ' ').trim().replace(/:/g, '.');
}

/** True when the segmenter would take `label` as a turn label on its own (SPEC §1 shape). */
export function hasTurnShape(label: string): boolean {
  const l = cleanLabel(label);
  return l !== '' && matchTurnStart(`${l}: x`)?.label === l;
}

/**
 * Looks like a speaker's name: the turn-label shape, also with a trailing note in parentheses as
 * meeting software adds them (`Jane Smith (Guest)`, `Bob O'Neil (he/him)`).
 */
export function nameLike(label: string): boolean {
  const l = cleanLabel(label);
  return hasTurnShape(l) || (/\([^()]*\)$/.test(l) && hasTurnShape(l.replace(/\s*\([^()]*\)$/, '')));
}

/** Plausible as a label at all: some letter, at most 40 characters, at most six words. */
export function plausibleLabel(label: string): boolean {
  const l = cleanLabel(label);
  return l.length >= 1 && l.length <= 40 && /\p{L}/u.test(l) && l.split(' ').length <= 6;
}

// `00:12:31`, `1:02:03.250`, `12:31`, `00:00:01,000`
const CLOCK = String.raw`\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?`;
const CLOCK_ONLY = new RegExp(String.raw`^[\[(]?\s*(${CLOCK})\s*[\])]?$`);
const CLOCK_IN_LABEL = new RegExp(String.raw`^(.*?)[\s,–-]*[\[(]?\s*(${CLOCK})\s*[\])]?$`);

/** `00:12:31` or `[00:12:31]` alone → the time as written; otherwise null. */
export function clockOnly(s: string): string | null {
  const m = CLOCK_ONLY.exec(s.trim());
  return m ? m[1]! : null;
}

/**
 * Splits a time written after a label (`Speaker 1  0:03`, `Interviewer (00:01:23)`,
 * `P07 [12:31]`) off it.
 */
export function splitLabelClock(s: string): { label: string; start: string | null } {
  const t = s.trim();
  const m = CLOCK_IN_LABEL.exec(t);
  if (m && m[1]!.trim() !== '' && /\p{L}/u.test(m[1]!)) return { label: m[1]!.trim(), start: m[2]! };
  return { label: t, start: null };
}

/** The body line of one turn in adm-code's own syntax. */
export function turnLine(label: string | null, text: string, start: string | null): string {
  if (label === null) return text;
  return `${start ? `[${start}] ` : ''}${label}:${text === '' ? '' : ` ${text}`}`;
}

/** Adds a label to a list once (compared as the segmenter compares labels). */
export function addLabel(labels: string[], seen: Set<string>, label: string): void {
  const key = labelKey(label);
  if (seen.has(key)) return;
  seen.add(key);
  labels.push(label);
}
