/**
 * Wiring shared by the commands: find and load the codebook, the transcripts and the participants
 * sheet, and stream documents → segments → codings. No printing here: warnings go to a callback.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { compile, type Matcher } from '../codebook/compile.js';
import { loadCodebook } from '../codebook/load.js';
import type { Codebook } from '../codebook/model.js';
import { agreementSpan, withAgreement } from '../code/agreement.js';
import { codeAnswer, Question } from '../code/answers.js';
import { applyManual } from '../code/manual.js';
import { readCodings } from '../read/codings.js';
import { extractTags } from '../segment/tags.js';
import { readSheet, type Sheet } from '../read/attributes.js';
import { cmp, displayPath, resolveInputs, type Inputs } from '../read/files.js';
import { readDocument } from '../read/index.js';
import { segment } from '../segment/index.js';
import { splitUnits, type Unit } from '../segment/units.js';
import type { Coding, Document, Segment } from '../types.js';
import { AdmError, UsageError } from './errors.js';
import { preferSmallHeapFor } from './heap.js';


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
  /**
   * The command keeps only counters, so its live heap does not grow with the corpus: a large run
   * may then use V8's small-heap setting (cli/heap.ts). Not for commands that keep every coded
   * row (`code`, `agree`): with a growing heap the setting makes V8 collect far more often.
   */
  flatMemory?: boolean;
  /** Called before each file is read and once at the end. */
  onProgress?: (done: number, total: number) => void;
  /** Codings files whose codes are added by hand (`--codings`, tally/code/…). */
  codings?: string[];
  /** Rules only: ignore inline manual tags and codings files (agree --auto compares the rules). */
  rulesOnly?: boolean;
  /** The codebook cache folder (codebook/cache.ts), or null/absent for none. */
  cache?: string | null;
}

export async function findCodebook(given: string | undefined, cwd = process.cwd(), cache: string | null = null): Promise<Codebook> {
  if (given !== undefined) return loadCodebook(path.resolve(cwd, given), given, cache);
  const dir = path.resolve(cwd, 'codebooks');
  const entries = await readdir(dir).catch(() => null);
  if (entries === null) throw new UsageError('no codebook: give --codebook FILE (or put one in ./codebooks/)');
  const found = entries.filter((e) => /\.ya?ml$/i.test(e)).sort(cmp);
  if (found.length === 0) throw new UsageError('no codebook in ./codebooks/: give --codebook FILE');
  if (found.length > 1) {
    throw new UsageError(`several codebooks in ./codebooks/ (${found.join(', ')}): choose one with --codebook FILE`);
  }
  const abs = path.join(dir, found[0]!);
  return loadCodebook(abs, displayPath(abs, cwd), cache);
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
  /** Manual codes from codings files: segment id → theme ids, with where each row was. */
  manual: Map<string, Array<{ theme: string; file: string; line: number }>>;
  codebook: Codebook;
  matcher: Matcher;
  inputs: Inputs;
  sheet: Sheet | null;
  options: CommonOptions;
}

export async function openStudy(transcripts: string[], options: CommonOptions, warn: Warn, cwd = process.cwd()): Promise<Study> {
  const args = transcripts.length > 0 ? transcripts : ['transcripts'];
  // The transcripts are found first, so that a large run can set the heap up before the codebook
  // is loaded (cli/heap.ts); their errors are reported in the usual order, after the codebook's.
  const found = await resolveInputs(args, cwd).then(
    (inputs) => ({ inputs, error: null }),
    (error: unknown) => ({ inputs: null, error }),
  );
  if (found.inputs !== null && options.flatMemory === true) await preferSmallHeapFor(found.inputs.files);
  const codebook = await findCodebook(options.codebook, cwd, options.cache ?? null);
  const matcher = compile(codebook);
  if (transcripts.length === 0 && !(await stat(path.resolve(cwd, 'transcripts')).catch(() => null))) {
    throw new UsageError('no transcripts given and no ./transcripts folder');
  }
  if (found.inputs === null) throw found.error;
  const inputs = found.inputs;
  for (const s of inputs.skipped) warn(s.reason, s.file);
  const sheet = await findSheet(options.attributes, inputs, cwd);
  const manual = new Map<string, Array<{ theme: string; file: string; line: number }>>();
  if (!options.rulesOnly) {
    const known = new Set(codebook.themes.map((t) => t.id));
    for (const file of options.codings ?? []) {
      for (const row of await readCodings(path.resolve(cwd, file), file)) {
        if (!known.has(row.theme)) throw new AdmError(`unknown theme \`${row.theme}\` (not in ${codebook.path})`, { file, line: row.line });
        const list = manual.get(row.segment) ?? [];
        list.push({ theme: row.theme, file, line: row.line });
        manual.set(row.segment, list);
      }
    }
  }
  return { codebook, matcher, inputs, sheet, options, manual };
}

/** Every file a run reads: `--output` must never point at one of them. */
export function inputsOf(study: Study, cwd = process.cwd()): string[] {
  const files = [...study.inputs.files, path.resolve(cwd, study.codebook.path)];
  if (study.sheet) files.push(path.resolve(cwd, study.sheet.path));
  for (const f of study.options.codings ?? []) files.push(path.resolve(cwd, f));
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
  const themes = study.codebook.themes;
  const known = new Set(themes.map((t) => t.id));
  const seen = new Set<string>();
  const answers = study.matcher.question !== null;
  // Bare agreements carry the turn before's themes only when the unit is the turn.
  const agreement = study.matcher.agreement !== null && unit === 'turn';
  for await (const { doc, segments } of readDocuments(study.inputs.files, opts, warn, cwd)) {
    const coded: CodedSegment[] = [];
    // The interviewer's latest turn: the question of the turns after it (`in_answer_to` rules).
    let question: Question | null = null;
    // The participant turn just before this one, with its rules' codings (`agreement` rule).
    let previous: { participant: string; codings: Coding[] } | null = null;
    for (const turn of segments) {
      if (turn.interviewer) previous = null;
      if (turn.interviewer && answers) question = new Question(study.matcher, extractTags(turn.text)?.text ?? turn.text);
      if (turn.interviewer && !study.options.includeInterviewer) continue;
      for (const s of splitUnits(turn, unit)) {
        // Inline tags are taken out of the text before it is coded (the rules must not see them).
        const original = s.text;
        const tags = extractTags(original);
        if (tags) {
          s.text = tags.text;
          for (const { id, offset } of tags.at) {
            if (!known.has(id)) {
              const line = s.line + original.slice(0, offset).split('\n').length - 1;
              throw new AdmError(`manual tag {…${id}}: no theme \`${id}\` in ${study.codebook.path}`, { file: s.path, line });
            }
          }
        }
        let codings = codeAnswer(study.matcher, s.text, turn.interviewer ? null : question);
        if (agreement && !turn.interviewer) {
          // A bare agreement ("Same.") takes the themes of another participant's turn just before.
          const span = previous !== null && previous.participant !== turn.participant ? agreementSpan(study.matcher, s.text) : null;
          if (span !== null) codings = withAgreement(study.matcher, codings, previous!.codings, span);
          previous = { participant: turn.participant, codings };
        }
        if (!study.options.rulesOnly) {
          const fromFiles = study.manual.get(s.id);
          if (fromFiles) seen.add(s.id);
          if (tags || fromFiles) {
            const add = new Set([...(tags?.add ?? []), ...(fromFiles ?? []).map((r) => r.theme)]);
            codings = applyManual(themes, codings, add, new Set(tags?.remove ?? []));
          }
        }
        coded.push({ segment: s, codings });
      }
    }
    yield { doc, segments, coded };
  }
  for (const [segmentId, rows] of study.manual) {
    if (!seen.has(segmentId)) {
      throw new AdmError(`segment \`${segmentId}\` is not a participant segment of the transcripts`, { file: rows[0]!.file, line: rows[0]!.line });
    }
  }
}
