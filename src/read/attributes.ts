/**
 * The participants sheet (SPEC §1): one row per participant, `id` required, `group` optional,
 * then attribute columns. Missing values (empty, NA, N/A) become null.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { AdmError } from '../cli/errors.js';
import { decode } from './decode.js';

export interface Sheet {
  path: string;
  /** Attribute columns in sheet order (without `id` and `group`). */
  columns: string[];
  /** Participant id → attribute values (null = missing). */
  rows: Map<string, Record<string, string | null>>;
  /** Participant id → group from the sheet (null when missing or no `group` column). */
  groups: Map<string, string | null>;
  /** Participant id → line of its row (for messages). */
  lines: Map<string, number>;
}

const MISSING = new Set(['', 'na', 'n/a']);

export function isMissing(value: string): boolean {
  return MISSING.has(value.trim().toLowerCase());
}

export async function readSheet(absPath: string, shownPath: string): Promise<Sheet> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AdmError(code === 'ENOENT' ? 'participants sheet not found' : `cannot read participants sheet (${code})`, { file: shownPath });
  }
  return parseSheet(decode(bytes, shownPath).text, shownPath);
}

export function parseSheet(text: string, file: string): Sheet {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_quotes: false, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string; record?: string[] };
    let reason = err.message.replace(/^Invalid Record Length: /, '').replace(/,? ?on line \d+\.?$/, '');
    if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      reason = `row has ${err.record?.length ?? '?'} cells but the header has ${(reason.match(/expect (\d+)/) ?? [])[1] ?? 'another number'}`;
    }
    throw new AdmError(reason, { file, line: err.lines });
  }
  if (records.length === 0) throw new AdmError('participants sheet is empty (it needs a header row with `id`)', { file, line: 1 });
  const header = records[0]!.map((h) => h.trim());
  const idCol = header.findIndex((h) => h.toLowerCase() === 'id');
  if (idCol < 0) throw new AdmError(`participants sheet has no \`id\` column (header: ${header.join(', ')})`, { file, line: 1 });
  const groupCol = header.findIndex((h) => h.toLowerCase() === 'group');
  const seenCols = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === '') throw new AdmError(`column ${i + 1} of the header has no name`, { file, line: 1 });
    const prior = seenCols.get(h.toLowerCase());
    if (prior !== undefined) throw new AdmError(`column \`${h}\` appears twice in the header`, { file, line: 1 });
    seenCols.set(h.toLowerCase(), i);
  });
  const attrCols = header.map((h, i) => ({ h, i })).filter(({ i }) => i !== idCol && i !== groupCol);
  const rows = new Map<string, Record<string, string | null>>();
  const groups = new Map<string, string | null>();
  const lines = new Map<string, number>();
  // csv-parse numbers records, not lines; count lines ourselves for multi-line cells.
  const lineOfRecord = recordLines(text);
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    const line = lineOfRecord[r] ?? r + 1;
    const id = rec[idCol]!.trim();
    if (isMissing(id)) throw new AdmError('row has no participant id', { file, line });
    const prior = lines.get(id);
    if (prior !== undefined) throw new AdmError(`duplicate participant id \`${id}\` (first on line ${prior})`, { file, line });
    lines.set(id, line);
    const values: Record<string, string | null> = {};
    for (const { h, i } of attrCols) {
      const v = rec[i]!.trim();
      values[h] = isMissing(v) ? null : v;
    }
    rows.set(id, values);
    const g = groupCol >= 0 ? rec[groupCol]!.trim() : '';
    groups.set(id, isMissing(g) ? null : g);
  }
  return { path: file, columns: attrCols.map(({ h }) => h), rows, groups, lines };
}

/** Line number where each CSV record starts (quoted cells may span lines). */
function recordLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let atRecordStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (atRecordStart) {
      if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        line++;
        continue;
      }
      starts.push(line);
      atRecordStart = false;
    }
    if (c === '"') inQuotes = !inQuotes;
    else if ((c === '\n' || c === '\r') && !inQuotes) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      atRecordStart = true;
    } else if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
  }
  return starts;
}
