/** Command-line arguments (files, folders, globs) → the sorted list of transcript files. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { AdmError } from '../cli/errors.js';

/** Extensions read as transcripts. */
export const TRANSCRIPT_EXTENSIONS = new Set(['.txt', '.md', '.docx', '.vtt', '.srt']);
/** Files that live beside transcripts and are not transcripts (sheets, sidecars, codebooks). */
const COMPANION_EXTENSIONS = new Set(['.csv', '.tsv', '.yaml', '.yml', '.json', '.xlsx', '.mjs', '.js']);

export interface Inputs {
  /** Transcript files, absolute paths, sorted by display path. */
  files: string[];
  /** Folders named on the command line (absolute), in the order given. */
  folders: string[];
  /** Files found in folders that are not transcripts: one message each. */
  skipped: Array<{ file: string; reason: string }>;
}

export function displayPath(abs: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
  return shown.split(path.sep).join('/');
}

export async function resolveInputs(args: string[], cwd: string = process.cwd()): Promise<Inputs> {
  const files = new Set<string>();
  const folders: string[] = [];
  const skipped: Inputs['skipped'] = [];
  /** Adds a transcript, or notes why a file is not one; true when it was a transcript. */
  const consider = (abs: string, explicit: boolean): boolean => {
    const ext = path.extname(abs).toLowerCase();
    // Word's lock files (~$name.docx) are not documents.
    if (!explicit && path.basename(abs).startsWith('~$')) return false;
    if (TRANSCRIPT_EXTENSIONS.has(ext)) {
      files.add(abs);
      return true;
    }
    if (explicit || !COMPANION_EXTENSIONS.has(ext)) {
      skipped.push({ file: displayPath(abs, cwd), reason: `not a transcript format (${ext || 'no extension'}); skipped` });
    }
    return false;
  };

  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    const info = await stat(abs).catch(() => null);
    if (info?.isDirectory()) {
      folders.push(abs);
      const found = await glob('**/*', { cwd: abs, absolute: true, onlyFiles: true, dot: false, followSymbolicLinks: true });
      if (found.length === 0) throw new AdmError('folder holds no files', { file: displayPath(abs, cwd) });
      let transcripts = 0;
      for (const f of found) if (consider(path.normalize(f), false)) transcripts++;
      if (transcripts === 0) {
        throw new AdmError(`no transcripts (${[...TRANSCRIPT_EXTENSIONS].join(', ')}) in this folder`, { file: displayPath(abs, cwd) });
      }
    } else if (info?.isFile()) {
      consider(abs, true);
    } else if (isDynamicPattern(arg)) {
      const found = await glob(arg, { cwd, absolute: true, onlyFiles: true, dot: false });
      if (found.length === 0) throw new AdmError('no files match this pattern', { file: arg });
      for (const f of found) consider(path.normalize(f), true);
    } else {
      throw new AdmError('no such file or folder', { file: arg });
    }
  }
  const sorted = [...files].sort((a, b) => cmp(displayPath(a, cwd), displayPath(b, cwd)));
  if (sorted.length === 0) throw new AdmError('no transcripts to read', { file: args.join(' ') });
  skipped.sort((a, b) => cmp(a.file, b.file));
  return { files: sorted, folders, skipped };
}

/** Code-point order: the same on every machine and locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
