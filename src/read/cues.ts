/**
 * Caption cues (.vtt, .srt) → speaker turns → a Document in adm-code's own line syntax.
 *
 * Each cue's text is split into pieces by speaker: WebVTT voice spans (`<v Jane Smith>…</v>`,
 * `<v.loud Jane>…`), else a label at the start of a cue line (`Jane Smith: text`,
 * `SPEAKER 1: text`, `[Jane] text`, `>> JANE: text`, `- Jane: text`). Consecutive pieces of one
 * speaker merge into one turn, written as ONE body line `[START] LABEL: text` (START = the turn's
 * first cue start, line number = that cue's timing line). Pieces without a speaker continue the
 * turn before them; before the first speaker they make a line without label (not coded).
 */
import path from 'node:path';
import type { Document } from '../types.js';
import { labelKey } from '../segment/index.js';
import { addLabel, cleanLabel, clockOnly, decodeEntities, nameLike, plausibleLabel, squash, turnLine } from './markup.js';

export interface Cue {
  /** Start time as it will be written in the body line. */
  start: string;
  /** 1-based line of the cue's timing line in the file. */
  line: number;
  /** The cue's text lines, raw. */
  text: string[];
}

/** `vtt`: every `<…>` is a tag. `srt`: only the usual caption tags are (a `<3` stays text). */
export type Dialect = 'vtt' | 'srt';

interface Piece {
  /** Voice-tag speaker; null = none given. */
  voice: string | null;
  /** Raw text (may hold line breaks). */
  raw: string;
  /** The cue had voice tags: no `Name: text` detection in it. */
  voiced: boolean;
}

interface Unit {
  speaker: string | null;
  text: string;
  cue: Cue;
}

// `<v Jane>`, `<v.loud.x Jane Smith>`, `</v>`
const VOICE = /<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>|<\/v\s*>/g;
const SRT_TAGS = /<\/?(?:i|b|u|s|font|c|lang|ruby|rt|span)\b[^>]*>|<\d{1,2}(?::\d{2}){1,2}[.,]\d{1,3}>|\{\\[^}]*\}/gi;
const VTT_TAGS = /<[^>]*>/g;

/** Splits a cue's text into voice pieces. */
function voicePieces(raw: string): Piece[] {
  const pieces: Piece[] = [];
  let voice: string | null = null;
  let voiced = false;
  let at = 0;
  VOICE.lastIndex = 0;
  for (let m = VOICE.exec(raw); m; m = VOICE.exec(raw)) {
    if (m.index > at) pieces.push({ voice, raw: raw.slice(at, m.index), voiced: true });
    voiced = true;
    voice = m[0].startsWith('</') ? null : cleanLabel(decodeEntities(m[1] ?? '')) || null;
    at = m.index + m[0].length;
  }
  if (at < raw.length) pieces.push({ voice, raw: raw.slice(at), voiced });
  if (!voiced) for (const p of pieces) p.voiced = false;
  return pieces;
}

function clean(raw: string, dialect: Dialect): string {
  const stripped = raw.replace(dialect === 'vtt' ? VTT_TAGS : SRT_TAGS, '');
  return decodeEntities(stripped);
}

/** Bracketed words that are sounds or notes, not speakers. */
const NOT_SPEAKERS = new Set(
  [
    'applause', 'background noise', 'background', 'beep', 'break', 'chuckles', 'chuckling', 'coughs', 'coughing',
    'cross talk', 'crosstalk', 'end', 'inaudible', 'indistinct', 'interruption', 'laughs', 'laughing', 'laughter',
    'music', 'noise', 'overlapping', 'pause', 'phone rings', 'redacted', 'silence', 'sighs', 'sigh', 'unclear',
    'unintelligible', 'no audio', 'static', 'long pause', 'recording starts', 'recording ends',
  ].map(labelKey),
);

interface Prefix {
  label: string;
  text: string;
  bracket: boolean;
}

/** A label at the start of a caption line: `Name: text`, `[Name] text`, `>> NAME: text`, `- Name: text`. */
function prefixOf(line: string): Prefix | null {
  const s = line.replace(/^\s*(?:>>+\s*|-\s+)/, '').trimStart();
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 2) return null;
    let after = s.slice(close + 1);
    if (after.startsWith(':')) after = after.slice(1);
    if (after !== '' && !/^\s/.test(after)) return null;
    const label = s.slice(1, close).trim();
    if (label.includes(':') || label.includes('[') || NOT_SPEAKERS.has(labelKey(label)) || !plausibleLabel(label)) return null;
    return { label, text: after.trim(), bracket: true };
  }
  const colon = s.search(/:(?:\s|$)/);
  if (colon < 1) return null;
  const label = s.slice(0, colon).trim();
  if (/[[\]<>]/.test(label) || clockOnly(label) !== null || !plausibleLabel(label)) return null;
  return { label, text: s.slice(colon + 1).trim(), bracket: false };
}

export function cuesToDocument(cues: Cue[], dialect: Dialect, shownPath: string): Document {
  // Pass 1: pieces, and how often each candidate line label occurs (a label of unusual shape,
  // such as Zoom's `jane smith:`, is taken when it recurs).
  const perCue = cues.map((cue) => ({ cue, pieces: voicePieces(cue.text.join('\n')) }));
  const counts = new Map<string, number>();
  for (const { pieces } of perCue) {
    for (const p of pieces) {
      if (p.voiced) continue;
      for (const l of clean(p.raw, dialect).split('\n')) {
        const pre = prefixOf(l);
        if (pre) counts.set(labelKey(pre.label), (counts.get(labelKey(pre.label)) ?? 0) + 1);
      }
    }
  }
  const accept = (pre: Prefix) => nameLike(pre.label) || (counts.get(labelKey(pre.label)) ?? 0) >= 2;

  // Pass 2: units of (speaker, text).
  const units: Unit[] = [];
  for (const { cue, pieces } of perCue) {
    for (const p of pieces) {
      const text = clean(p.raw, dialect);
      if (p.voiced) {
        // A voice span with no text (`<v Jane></v>`) or white space between spans says nothing.
        if (squash(text) !== '') units.push({ speaker: p.voice, text: squash(text), cue });
        continue;
      }
      for (const l of text.split('\n')) {
        const pre = prefixOf(l);
        if (pre && accept(pre)) units.push({ speaker: cleanLabel(pre.label), text: squash(pre.text), cue });
        else units.push({ speaker: null, text: squash(l), cue });
      }
    }
  }

  // Pass 3: merge into turns.
  interface Turn {
    speaker: string | null;
    cue: Cue;
    texts: string[];
  }
  const turns: Turn[] = [];
  const labels: string[] = [];
  const seen = new Set<string>();
  let current: Turn | null = null;
  for (const u of units) {
    if (u.speaker !== null && (current === null || current.speaker !== u.speaker)) {
      current = { speaker: u.speaker, cue: u.cue, texts: [] };
      turns.push(current);
      addLabel(labels, seen, u.speaker);
    } else if (current === null) {
      if (u.text === '') continue;
      current = { speaker: null, cue: u.cue, texts: [] };
      turns.push(current);
    }
    if (u.text !== '') current.texts.push(u.text);
  }

  const lines = turns.map((t) => turnLine(t.speaker, t.texts.join(' '), t.cue.start));
  const lineNumbers = turns.map((t) => t.cue.line);
  return {
    path: shownPath,
    id: path.basename(shownPath).replace(/\.[^.]*$/, ''),
    meta: {},
    lines,
    firstLine: lineNumbers[0] ?? 1,
    lineNumbers,
    labels,
  };
}

/** The blank-line separated blocks of `lines` from `start` on, each with the index of its first line. */
export function* blocks(lines: string[], start = 0): Generator<{ from: number; block: string[] }> {
  let i = start;
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    const from = i;
    while (i < lines.length && lines[i]!.trim() !== '') i++;
    yield { from, block: lines.slice(from, i) };
  }
}
