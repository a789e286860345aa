/**
 * Coding units smaller than a turn (`--unit paragraph|sentence`). Each unit is a Segment of its
 * own, with the id `TURN#N.K` (K counting the turn's units from 1, so ids stay stable for a given
 * unit), the line it starts on, and the speaker, participant and timestamp of its turn.
 */
import type { Segment } from '../types.js';

export const UNITS = ['turn', 'paragraph', 'sentence'] as const;
export type Unit = (typeof UNITS)[number];

// Made on first use: building it costs start-up time that turn-level runs need not pay.
let sentences: Intl.Segmenter | null = null;
// ICU ends a sentence after these; a transcript rarely means it.
const ABBREVIATION = /(?:^|\s)(?:Dr|Mr|Mrs|Ms|Prof|St|Mx|Rev|e\.g|i\.e|etc|vs|cf|approx|no)\.\s*$/i;

export function splitUnits(turn: Segment, unit: Unit): Segment[] {
  if (unit === 'turn') return [turn];
  const pieces: Array<[number, number]> = [];
  const text = turn.text;
  if (unit === 'paragraph') {
    const re = /\n[ \t]*\n\s*/g;
    let start = 0;
    for (const m of text.matchAll(re)) {
      pieces.push([start, m.index]);
      start = m.index + m[0].length;
    }
    pieces.push([start, text.length]);
  } else {
    let open: [number, number] | null = null;
    sentences ??= new Intl.Segmenter('en', { granularity: 'sentence' });
    for (const s of sentences.segment(text)) {
      const end = s.index + s.segment.length;
      if (open) open[1] = end;
      else open = [s.index, end];
      if (!ABBREVIATION.test(s.segment)) {
        pieces.push(open);
        open = null;
      }
    }
    if (open) pieces.push(open);
  }
  const out: Segment[] = [];
  for (let [a, b] of pieces) {
    while (a < b && /\s/.test(text[a]!)) a++;
    while (b > a && /\s/.test(text[b - 1]!)) b--;
    if (a === b) continue;
    const k = out.length + 1;
    const newlines = text.slice(0, a).split('\n').length - 1;
    out.push({ ...turn, id: `${turn.id}.${k}`, line: turn.line + newlines, text: text.slice(a, b) });
  }
  return out.length > 0 ? out : [{ ...turn, id: `${turn.id}.1` }];
}
