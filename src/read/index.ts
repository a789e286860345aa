/** File → Document: decode, split lines, take the front matter off. */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AdmError } from '../cli/errors.js';
import type { Document } from '../types.js';
import { decode, splitLines } from './decode.js';
import { splitFrontMatter } from './frontmatter.js';
import { applySidecar, readSidecar, sidecarPath } from './sidecar.js';
import { parseSrt } from './srt.js';
import { parseVtt } from './vtt.js';

export { NotTextError } from './decode.js';

/** Parses already-loaded bytes; pure, so it is testable without the file system. */
export function parseDocument(bytes: Uint8Array, shownPath: string): Document {
  const { text } = decode(bytes, shownPath);
  const lines = splitLines(text);
  const { meta, bodyStart } = splitFrontMatter(lines, shownPath);
  const id = meta.id ?? path.basename(shownPath).replace(/\.[^.]*$/, '');
  return { path: shownPath, id, meta, lines: lines.slice(bodyStart), firstLine: bodyStart + 1 };
}

/**
 * The .docx reader, loaded on first use only. Loading it (mammoth → jszip, whose start-up makes a
 * Blob from an ArrayBuffer) switches off a V8 fast path for the whole process: once any
 * ArrayBuffer has been detached, every typed-array access checks for it, and the tokeniser
 * (code/match.ts), which lives on typed arrays, runs about half as fast.
 */
let docx: Promise<typeof import('./docx.js')> | undefined;
function docxReader(): Promise<typeof import('./docx.js')> {
  return (docx ??= import('./docx.js'));
}

/**
 * Whether a transcript may have a sidecar: a synchronous stat, so that the usual file without one
 * costs no asynchronous read (readSidecar still makes every decision, errors included).
 */
function maySidecar(absPath: string): boolean {
  try {
    return statSync(sidecarPath(absPath), { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}

export async function readDocument(absPath: string, shownPath: string): Promise<Document> {
  let bytes: Uint8Array;
  try {
    // Synchronous: one document is read at a time anyway, and a file of the page cache reads in
    // microseconds, while the promise API's open/stat/read/close round trips left the process
    // idle for about a tenth of a run.
    bytes = readFileSync(absPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`;
    throw new AdmError(reason, { file: shownPath });
  }
  const ext = path.extname(absPath).toLowerCase();
  const text = () => decode(bytes, shownPath).text;
  const doc =
    ext === '.docx' ? await (await docxReader()).parseDocx(bytes, shownPath)
    : ext === '.vtt' ? parseVtt(text(), shownPath)
    : ext === '.srt' ? parseSrt(text(), shownPath)
    : parseDocument(bytes, shownPath);
  // A NAME.meta.yaml beside the file gives what the format cannot hold (id, group, speakers…).
  return applySidecar(doc, maySidecar(absPath) ? await readSidecar(absPath, shownPath) : null);
}
