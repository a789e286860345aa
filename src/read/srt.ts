/**
 * SubRip (.srt) → Document. Blocks separated by blank lines: a cue number, a timing line
 * `00:00:01,000 --> 00:00:04,000` (a `.` is tolerated, as is a missing number or a missing blank
 * line before the next cue), then text lines. Speakers come from `Speaker: text`,
 * `SPEAKER 1: text`, `[Speaker] text`, `>> SPEAKER: text` or voice tags; see cues.ts for how
 * cues become turns. Every turn is one body line `[hh:mm:ss.mmm] LABEL: text`, numbered with the
 * line of its first cue's timing line.
 */
import { AdmError } from '../cli/errors.js';
import type { Document } from '../types.js';
import { blocks, cuesToDocument, type Cue } from './cues.js';
import { splitLines } from './decode.js';

const TIME = String.raw`(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})`;
const TIMING = new RegExp(String.raw`^\s*${TIME}\s*-->\s*${TIME}(?:\s+.*)?$`);
const NUMBER = /^\s*\d+\s*$/;

/** Parses decoded SubRip text; `shownPath` names the file in errors. */
export function parseSrt(text: string, shownPath: string): Document {
  const lines = splitLines(text.startsWith('\ufeff') ? text.slice(1) : text);
  const cues: Cue[] = [];
  for (const { from, block } of blocks(lines)) {
    // Timing lines in this block (more than one when a blank line between cues is missing).
    const timings: number[] = [];
    block.forEach((l, k) => {
      if (l.includes('-->')) timings.push(k);
    });
    const t0 = timings[0];
    if (t0 === undefined || t0 > 1 || (t0 === 1 && !NUMBER.test(block[0]!))) {
      throw new AdmError('expected a cue number and a timing line such as `00:00:01,000 --> 00:00:04,000`', {
        file: shownPath,
        line: from + 1,
      });
    }
    timings.forEach((t, n) => {
      const m = TIMING.exec(block[t]!);
      if (!m) {
        throw new AdmError('bad cue timing: write it as `00:00:01,000 --> 00:00:04,000`', { file: shownPath, line: from + t + 1 });
      }
      let end = timings[n + 1] ?? block.length;
      // The number of the next cue, when its blank line is missing.
      if (n + 1 < timings.length && end - 1 > t && NUMBER.test(block[end - 1]!)) end--;
      const start = `${m[1]!.padStart(2, '0')}:${m[2]!.padStart(2, '0')}:${m[3]!.padStart(2, '0')}.${m[4]!.padEnd(3, '0')}`;
      cues.push({ start, line: from + t + 1, text: block.slice(t + 1, end) });
    });
  }
  return cuesToDocument(cues, 'srt', shownPath);
}
