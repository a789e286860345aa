/**
 * Wiring shared by the commands: find and load the codebook, the transcripts and the participants
 * sheet, and stream documents → segments → codings. No printing here: warnings go to a callback.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { compile, type Matcher } from '../codebook/compile.js';
import { loadCodebook } from '../codebook/load.js';
import type { Codebook } from '../codebook/model.js';
import { codeText } from '../code/match.js';
import { readSheet, type Sheet } from '../read/attributes.js';
import { cmp, displayPath, resolveInputs, type Inputs } from '../read/files.js';
import { readDocument } from '../read/index.js';
import { segment } from '../segment/index.js';
import { splitUnits, type Unit } from '../segment/units.js';
import type { Coding, Document, Segment } from '../types.js';
import { AdmError, UsageError } from './errors.js';

export type Warn = (message: string, file?: string) => void;

export interface CommonOptions {
  codebook?: string;
  attributes?: string;
  includeInterviewer?: boolean;
  interviewer?: string[];
  /** Coding unit (default: turn). */
  unit?: Unit;
  /** Leave unreadable files out (with a warning) instead of stopping. */
  skipBad?: boolean;
  /** Called before each file is read and once at the end. */
  onProgress?: (done: number, total: number) => void;
}

export async function findCodebook(given: string | undefined, cwd = process.cwd()): Promise<Codebook> {
  if (given !== undefined) return loadCodebook(path.resolve(cwd, given), given);
  const dir = path.resolve(cwd, 'codebooks');
  const entries = await readdir(dir).catch(() => null);
  if (entries === null) throw new UsageError('no codebook: give --codebook FILE (or put one in ./codebooks/)');
  const found = entries.filter((e) => /\.ya?ml$/i.test(e)).sort(cmp);
  if (found.length === 0) throw new UsageError('no codebook in ./codebooks/: give --codebook FILE');
  if (found.length > 1) {
    throw new UsageError(`several codebooks in ./codebooks/ (${found.join(', ')}): choose one with --codebook FILE`);
  }
  const abs = path.join(dir, found[0]!);
  return loadCodebook(abs, displayPath(abs, cwd));
}

/** The sheet named by --attributes, else `participants.csv` in a transcripts folder, else none. */
export async function findSheet(given: string | undefined, inputs: Inputs, cwd = process.cwd()): Promise<Sheet | null> {
  if (given !== undefined) return readSheet(path.resolve(cwd, given), given);
  const candidates: string[] = [];
  for (const folder of inputs.folders) {
    const p = path.join(folder, 'participants.csv');
    if ((await stat(p).catch(() => null))?.isFile() && !candidates.includes(p)) candidates.push(p);
  }
  if (candidates.length === 0) return null;
  if (candidates.length > 1) {
    throw new UsageError(`several participants sheets (${candidates.map((c) => displayPath(c, cwd)).join(', ')}): choose one with --attributes FILE`);
  }
  return readSheet(candidates[0]!, displayPath(candidates[0]!, cwd));
}

export interface Study {
  codebook: Codebook;
  matcher: Matcher;
  inputs: Inputs;
  sheet: Sheet | null;
  options: CommonOptions;
}

export async function openStudy(transcripts: string[], options: CommonOptions, warn: Warn, cwd = process.cwd()): Promise<Study> {
  const codebook = await findCodebook(options.codebook, cwd);
  const matcher = compile(codebook);
  const args = transcripts.length > 0 ? transcripts : ['transcripts'];
  if (transcripts.length === 0 && !(await stat(path.resolve(cwd, 'transcripts')).catch(() => null))) {
    throw new UsageError('no transcripts given and no ./transcripts folder');
  }
  const inputs = await resolveInputs(args, cwd);
  for (const s of inputs.skipped) warn(s.reason, s.file);
  const sheet = await findSheet(options.attributes, inputs, cwd);
  return { codebook, matcher, inputs, sheet, options };
}

/** Every file a run reads: `--output` must never point at one of them. */
export function inputsOf(study: Study, cwd = process.cwd()): string[] {
  const files = [...study.inputs.files, path.resolve(cwd, study.codebook.path)];
  if (study.sheet) files.push(path.resolve(cwd, study.sheet.path));
  return files;
}

export interface CodedSegment {
  segment: Segment;
  codings: Coding[];
}

/** Files that could not be read: reported one line each, then the run stops unless --skip-bad. */
export class UnreadableFiles extends AdmError {
  constructor(readonly errors: AdmError[]) {
    super(`${errors.length} file${errors.length === 1 ? '' : 's'} could not be read; nothing was written (add --skip-bad to leave ${errors.length === 1 ? 'it' : 'them'} out)`);
    this.name = 'UnreadableFiles';
  }
}

/**
 * Streams documents one at a time: each file read, checked for a duplicate document id, and
 * segmented into turns. A file that cannot be read is reported and the others are still read, so
 * that every problem shows at once; at the end the run stops (UnreadableFiles) unless --skip-bad.
 */
export async function* readDocuments(
  files: string[],
  options: { interviewers: string[]; skipBad?: boolean; onProgress?: (done: number, total: number) => void },
  warn: Warn,
  cwd = process.cwd(),
): AsyncGenerator<{ doc: Document; segments: Segment[] }> {
  const ids = new Map<string, string>();
  const bad: AdmError[] = [];
  let done = 0;
  for (const abs of files) {
    const shown = displayPath(abs, cwd);
    options.onProgress?.(done++, files.length);
    let doc: Document;
    try {
      doc = await readDocument(abs, shown);
    } catch (e) {
      if (!(e instanceof AdmError)) throw e;
      if (options.skipBad) warn(`${e.message}; skipped (--skip-bad)`, e.file === shown ? shown : undefined);
      else bad.push(e);
      continue;
    }
    const prior = ids.get(doc.id);
    if (prior !== undefined) {
      throw new AdmError(`document id \`${doc.id}\` is also the id of ${prior}; give one of them another \`id:\` (front matter or NAME.meta.yaml)`, { file: shown });
    }
    ids.set(doc.id, shown);
    const segments = segment(doc, { interviewers: options.interviewers });
    if (segments.length === 0) warn('no speaker turns found (lines like `P07: text`); nothing coded', shown);
    yield { doc, segments };
  }
  options.onProgress?.(done, files.length);
  if (bad.length > 0) throw new UnreadableFiles(bad);
}

/**
 * Streams the study one document at a time: each yields all its turns, and its participant
 * coding units (turns, or their paragraphs or sentences with --unit) with their codings.
 */
export async function* codedDocuments(study: Study, warn: Warn, cwd = process.cwd()): AsyncGenerator<{ doc: Document; segments: Segment[]; coded: CodedSegment[] }> {
  const interviewers = [...study.codebook.interviewer, ...(study.options.interviewer ?? [])];
  const unit = study.options.unit ?? 'turn';
  const opts = { interviewers, skipBad: study.options.skipBad, onProgress: study.options.onProgress };
  for await (const { doc, segments } of readDocuments(study.inputs.files, opts, warn, cwd)) {
    const coded: CodedSegment[] = [];
    for (const turn of segments) {
      if (turn.interviewer && !study.options.includeInterviewer) continue;
      for (const s of splitUnits(turn, unit)) coded.push({ segment: s, codings: codeText(study.matcher, s.text) });
    }
    yield { doc, segments, coded };
  }
}
