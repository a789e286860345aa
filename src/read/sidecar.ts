/**
 * Sidecar metadata: `NAME.meta.yaml` beside a transcript `NAME.ext` holds what a .txt transcript
 * would put in its front matter (`id`, `group`, `interviewer`, `speakers`, any other keys). It is
 * the way to give an id and a group to formats that have no front matter (.vtt, .srt, and .docx
 * files that should stay as the transcription service delivered them).
 *
 * Precedence: the sidecar wins over the transcript's own front matter KEY BY KEY. A key the
 * sidecar sets replaces the front matter's value (a whole list or map, not merged inside);
 * keys the sidecar does not set keep their front-matter value. `applySidecar` does exactly this.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AdmError } from '../cli/errors.js';
import type { Document, FrontMatter } from '../types.js';
import { decode } from './decode.js';
import { parseFrontMatter } from './frontmatter.js';

/** `dir/NAME.ext` → `dir/NAME.meta.yaml` (the last extension is replaced). */
export function sidecarPath(transcriptPath: string): string {
  const dir = path.dirname(transcriptPath);
  const base = path.basename(transcriptPath).replace(/\.[^.]*$/, '');
  return path.join(dir, `${base}.meta.yaml`);
}

/**
 * Reads and parses the sidecar of a transcript; null when there is none. Errors name the sidecar
 * (as shown beside `shownPath`) with line numbers of the sidecar file.
 */
export async function readSidecar(transcriptAbsPath: string, shownPath: string): Promise<FrontMatter | null> {
  const abs = sidecarPath(transcriptAbsPath);
  const shown = sidecarPath(shownPath);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    const reason = code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot read (${code ?? (e as Error).message})`;
    throw new AdmError(`metadata sidecar: ${reason}`, { file: shown });
  }
  return parseSidecar(bytes, shown);
}

/** Parses a sidecar's bytes (pure; `shown` names the sidecar in errors). */
export function parseSidecar(bytes: Uint8Array, shown: string): FrontMatter {
  const { text } = decode(bytes, shown);
  return parseFrontMatter(text, shown, 1);
}

/**
 * The document with its sidecar applied: sidecar keys replace front-matter keys one by one, and
 * the id is recomputed (sidecar `id`, else front matter `id`, else the file name).
 */
export function applySidecar(doc: Document, sidecar: FrontMatter | null): Document {
  if (!sidecar) return doc;
  const meta: FrontMatter = { ...doc.meta };
  for (const [k, v] of Object.entries(sidecar)) if (v !== undefined) meta[k] = v;
  const id = meta.id ?? path.basename(doc.path).replace(/\.[^.]*$/, '');
  return { ...doc, meta, id };
}
