/**
 * A memory setting for long runs. adm-code keeps one document in memory at a time, so its live
 * heap is flat (about 40 MB after a full collection with the shipped codebook, whatever the corpus
 * size), but V8 lets the old generation grow lazily on a long run: each document's text is
 * promoted before it is dropped, and the limit is raised between full collections, so peak RSS
 * rose from about 220 MB on 50 MB of transcripts to about 320 MB on 200 MB. V8's
 * `--optimize-for-size` keeps the heap near the live size, at the same speed, but its
 * memory-reducing collections cost a short run about 0.15 s (the shipped study: 1.15 → 1.3 s), so
 * it is turned on only for a corpus of LARGE_RUN_BYTES or more, before the codebook is loaded:
 * peak RSS about 135 MB on 50 and on 200 MB (set after the codebook is compiled: about 195 MB;
 * set once the heap has grown: no effect). Only for a command whose live heap stays flat
 * (`tally`, CommonOptions.flatMemory): where the heap grows with the corpus, as `code` keeps every
 * row until it renders, the setting makes V8 collect far more often (`code` on 50 MB: 27% more
 * CPU, the same 950 MB peak). It changes a process-wide V8 flag: memory only, never output.
 */
import { stat } from 'node:fs/promises';
import v8 from 'node:v8';

export const LARGE_RUN_BYTES = 32 * 1024 * 1024;

let small = false;

/** Turns the setting on when `files` add up to LARGE_RUN_BYTES or more; true when it is on. */
export async function preferSmallHeapFor(files: readonly string[]): Promise<boolean> {
  if (small) return true;
  let bytes = 0;
  for (const f of files) {
    bytes += (await stat(f).catch(() => null))?.size ?? 0;
    if (bytes >= LARGE_RUN_BYTES) {
      v8.setFlagsFromString('--optimize-for-size');
      small = true;
      break;
    }
  }
  return small;
}
