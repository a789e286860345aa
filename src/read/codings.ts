/** A codings file: CSV with at least `document,segment,theme` (and optionally `coder`), the shape `code` prints. */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { AdmError } from '../cli/errors.js';
import { decode } from './decode.js';

export interface CodingRow {
  document: string;
  segment: string;
  theme: string;
  coder: string | null;
  line: number;
}

export async function readCodings(absPath: string, shownPath: string): Promise<CodingRow[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AdmError(code === 'ENOENT' ? 'codings file not found' : `cannot read codings file (${code})`, { file: shownPath });
  }
  return parseCodings(decode(bytes, shownPath).text, shownPath);
}

export function parseCodings(text: string, file: string): CodingRow[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new AdmError(err.message.replace(/,? ?(on|at) line \d+\.?$/, ''), { file, line: err.lines });
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  for (const need of ['document', 'segment', 'theme']) {
    if (col(need) < 0) throw new AdmError(`codings file has no \`${need}\` column (it needs document, segment, theme)`, { file, line: 1 });
  }
  return records.slice(1).map((r, i) => {
    const segment = r[col('segment')]!.trim();
    const document = r[col('document')]!.trim() || segment.replace(/#[^#]*$/, '');
    return { document, segment, theme: r[col('theme')]!.trim(), coder: col('coder') >= 0 ? r[col('coder')]!.trim() || null : null, line: i + 2 };
  });
}
