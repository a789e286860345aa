/**
 * `adm-code speakers`: every speaker label per document with its role, turns and words, and the
 * warnings that catch a mistyped label before coding (see analyse/speakers.ts). Needs no codebook,
 * but takes the interviewer labels of one if it is given (or is the one in ./codebooks/).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { speakerRows, type MissingColon, type SpeakerRow } from '../analyse/speakers.js';
import { resolveInputs } from '../read/files.js';
import type { Output, Table } from '../types.js';
import { UsageError } from './errors.js';
import { findCodebook, readDocuments, type CommonOptions, type Warn } from './study.js';

export async function speakers(transcripts: string[], options: CommonOptions, warn: Warn, cwd = process.cwd()): Promise<Output> {
  let interviewers = [...(options.interviewer ?? [])];
  const hasCodebooks = options.codebook !== undefined || (await stat(path.resolve(cwd, 'codebooks')).catch(() => null)) !== null;
  if (hasCodebooks) {
    try {
      interviewers = [...(await findCodebook(options.codebook, cwd, options.cache ?? null)).interviewer, ...interviewers];
    } catch (e) {
      if (options.codebook !== undefined || !(e instanceof UsageError)) throw e;
    }
  }
  if (transcripts.length === 0 && !(await stat(path.resolve(cwd, 'transcripts')).catch(() => null))) {
    throw new UsageError('no transcripts given and no ./transcripts folder');
  }
  const inputs = await resolveInputs(transcripts.length > 0 ? transcripts : ['transcripts'], cwd);
  for (const s of inputs.skipped) warn(s.reason, s.file);
  const rows: SpeakerRow[] = [];
  const missing: MissingColon[] = [];
  for await (const { doc, segments } of readDocuments(inputs.files, { interviewers, skipBad: options.skipBad, onProgress: options.onProgress }, warn, cwd)) {
    const r = speakerRows(doc, segments);
    rows.push(...r.rows);
    missing.push(...r.missingColon);
  }
  const table: Table = {
    name: 'speakers',
    title: `Speakers (${rows.length} labels in ${new Set(rows.map((r) => r.document)).size} documents)`,
    columns: [
      { key: 'document', format: 'text' },
      { key: 'label', format: 'text' },
      { key: 'participant', format: 'text' },
      { key: 'role', format: 'text' },
      { key: 'turns', format: 'int' },
      { key: 'words', format: 'int' },
      { key: 'first_line', format: 'int' },
      { key: 'flags', format: 'text' },
    ],
    rows: rows as unknown as Table['rows'],
  };
  const colon: Table = {
    name: 'missing-colon',
    title: `Lines that look like a timestamp and a known label without its colon (${missing.length})`,
    columns: ['document', 'line', 'label', 'text'].map((key) => ({ key, format: key === 'line' ? 'int' : 'text' })),
    rows: missing as unknown as Table['rows'],
  };
  const flagged = rows.filter((r) => r.flags !== '').length;
  const preface = `${flagged} label${flagged === 1 ? '' : 's'} flagged, ${missing.length} line${missing.length === 1 ? '' : 's'} with a label but no colon.`;
  return { tables: missing.length > 0 ? [table, colon] : [table], preface, inputs: inputs.files };
}
