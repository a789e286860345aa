/** File → Document: decode, split lines, take the front matter off. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AdmError } from '../cli/errors.js';
import type { Document } from '../types.js';
import { decode, splitLines } from './decode.js';
import { parseDocx } from './docx.js';
import { splitFrontMatter } from './frontmatter.js';
import { applySidecar, readSidecar } from './sidecar.js';
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

export async function readDocument(absPath: string, shownPath: string): Promise<Document> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`;
    throw new AdmError(reason, { file: shownPath });
  }
  const ext = path.extname(absPath).toLowerCase();
  const text = () => decode(bytes, shownPath).text;
  const doc =
    ext === '.docx' ? await parseDocx(bytes, shownPath)
    : ext === '.vtt' ? parseVtt(text(), shownPath)
    : ext === '.srt' ? parseSrt(text(), shownPath)
    : parseDocument(bytes, shownPath);
  // A NAME.meta.yaml beside the file gives what the format cannot hold (id, group, speakers…).
  return applySidecar(doc, await readSidecar(absPath, shownPath));
}
