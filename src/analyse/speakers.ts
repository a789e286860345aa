/**
 * Speaker labels per document, with the checks that catch a mistyped label before it becomes a
 * phantom participant: a label seen in one turn only, labels that differ only by case or by one
 * or two characters, and lines that look like a timestamp and a known label with the colon missing.
 */
import { labelKey } from '../segment/index.js';
import type { Document, Segment } from '../types.js';

export interface SpeakerRow {
  document: string;
  label: string;
  participant: string;
  role: 'interviewer' | 'participant';
  turns: number;
  words: number;
  first_line: number;
  flags: string;
}

export interface MissingColon {
  document: string;
  line: number;
  label: string;
  text: string;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export function speakerRows(doc: Document, segments: Segment[]): { rows: SpeakerRow[]; missingColon: MissingColon[] } {
  const byLabel = new Map<string, SpeakerRow>();
  for (const s of segments) {
    let r = byLabel.get(s.speaker);
    if (!r) {
      r = { document: doc.id, label: s.speaker, participant: s.participant, role: s.interviewer ? 'interviewer' : 'participant', turns: 0, words: 0, first_line: s.line, flags: '' };
      byLabel.set(s.speaker, r);
    }
    r.turns++;
    r.words += s.text.match(WORD)?.length ?? 0;
  }
  const rows = [...byLabel.values()];
  for (const r of rows) {
    const flags: string[] = [];
    if (r.turns === 1 && rows.length > 1) flags.push('only 1 turn');
    for (const o of rows) {
      if (o === r) continue;
      if (labelKey(o.label) === labelKey(r.label)) flags.push(`differs only by case from \`${o.label}\``);
      else {
        const d = editDistance(labelKey(o.label), labelKey(r.label));
        if (d <= 2 && !sameButNumbers(o.label, r.label) && Math.min(o.label.length, r.label.length) > 2) {
          flags.push(`${d} character${d === 1 ? '' : 's'} from \`${o.label}\``);
        }
      }
    }
    r.flags = flags.join('; ');
  }

  // A timestamp and a known label, but no colon: `40:20 PARTICIPANT 22 text`.
  const known = new Map<string, string>();
  for (const r of rows) if (!known.has(labelKey(r.label))) known.set(labelKey(r.label), r.label);
  const turnLines = new Set(segments.map((s) => s.line));
  const missingColon: MissingColon[] = [];
  const stamp = /^\s*[[(]?\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?[\])]?\s+(.*)$/;
  doc.lines.forEach((line, i) => {
    const number = doc.lineNumbers?.[i] ?? doc.firstLine + i;
    if (turnLines.has(number)) return;
    const m = stamp.exec(line);
    if (!m) return;
    const rest = m[1]!;
    for (const [key, label] of known) {
      const head = rest.slice(0, label.length);
      if (labelKey(head) === key && !rest.slice(label.length).trimStart().startsWith(':') && /^(\s|$)/.test(rest.slice(label.length))) {
        missingColon.push({ document: doc.id, line: number, label, text: line.trim().slice(0, 80) });
        break;
      }
    }
  });
  return { rows, missingColon };
}

/** Labels that differ only in their digits (P1/P2, SPEAKER 1/SPEAKER 12) are different people. */
function sameButNumbers(a: string, b: string): boolean {
  const strip = (s: string) => s.toLowerCase().replace(/\d+/g, '#');
  return strip(a) === strip(b);
}

/** Levenshtein distance (labels are short). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
