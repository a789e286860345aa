/**
 * WebVTT (.vtt) → Document. The `WEBVTT` header, then blocks separated by blank lines: cues
 * (optional identifier line, `00:00:01.000 --> 00:00:04.000 [settings]`, text lines) and NOTE,
 * STYLE and REGION blocks, which are ignored. Speakers come from voice tags (Microsoft Teams:
 * `<v Jane Smith>text</v>`) or from `Name: text` at the start of a cue line (Zoom); see cues.ts
 * for how cues become turns. Every turn is one body line `[START] LABEL: text`, numbered with
 * the line of its first cue's timing line.
 */
import { AdmError } from '../cli/errors.js';
import type { Document } from '../types.js';
import { blocks, cuesToDocument, type Cue } from './cues.js';
import { splitLines } from './decode.js';

// hh:mm:ss.ttt or mm:ss.ttt (hours may have more than two digits); a comma is tolerated.
const TIME = String.raw`(?:\d{1,}:)?\d{1,2}:\d{2}[.,]\d{1,3}`;
const TIMING = new RegExp(String.raw`^\s*(${TIME})[ \t]+-->[ \t]+(${TIME})(?:[ \t]+.*)?$`);
const HEADER = /^WEBVTT(?:[ \t].*)?$/;

/** Parses decoded WebVTT text; `shownPath` names the file in errors. */
export function parseVtt(text: string, shownPath: string): Document {
  const lines = splitLines(text.startsWith('\ufeff') ? text.slice(1) : text);
  if (lines.length === 0 || !HEADER.test(lines[0]!.trimEnd())) {
    throw new AdmError('not a WebVTT file: the first line must be `WEBVTT`', { file: shownPath, line: 1, col: 1 });
  }
  // The header block runs to the first blank line (a cue right after it is tolerated).
  let i = 1;
  while (i < lines.length && lines[i]!.trim() !== '' && !lines[i]!.includes('-->')) i++;

  const cues: Cue[] = [];
  for (const { from, block } of blocks(lines, i)) {
    const first = block[0]!.trim();
    if (/^NOTE(?:[ \t]|$)/.test(first) || first === 'STYLE' || first === 'REGION') continue;
    const t = block[0]!.includes('-->') ? 0 : block.length > 1 && block[1]!.includes('-->') ? 1 : -1;
    if (t < 0) {
      throw new AdmError('expected a cue timing line such as `00:00:01.000 --> 00:00:04.000` (or a NOTE block)', {
        file: shownPath,
        line: from + 1,
      });
    }
    const m = TIMING.exec(block[t]!);
    if (!m) {
      throw new AdmError('bad cue timing: write it as `00:00:01.000 --> 00:00:04.000` (hh:mm:ss.ttt or mm:ss.ttt)', {
        file: shownPath,
        line: from + t + 1,
      });
    }
    cues.push({ start: m[1]!, line: from + t + 1, text: block.slice(t + 1) });
  }
  return cuesToDocument(cues, 'vtt', shownPath);
}
