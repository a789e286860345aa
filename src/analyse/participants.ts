/**
 * Who took part and in which group (SPEC §1): a participant's group is its `group` in the sheet,
 * else the `group` of the transcript it speaks in, else `ungrouped`. `--by COLUMN` groups by an
 * attribute instead; a multi-response attribute puts a participant in each of its levels.
 */
import { AdmError, UsageError } from '../cli/errors.js';
import type { Sheet } from '../read/attributes.js';
import { cmp } from '../read/files.js';

export const UNGROUPED = 'ungrouped';
export const ALL = 'all';
/** Group key of a participant whose `--by` attribute is missing. */
export const MISSING_KEY = 'NA';

/** Where each participant speaks: gathered while documents stream past. */
export class Speakers {
  /** participant → (document group or '' → first file that gave it) */
  private readonly seen = new Map<string, Map<string, string>>();

  add(participant: string, documentGroup: string | null, file: string): void {
    let groups = this.seen.get(participant);
    if (!groups) this.seen.set(participant, (groups = new Map()));
    const key = documentGroup ?? '';
    if (!groups.has(key)) groups.set(key, file);
  }

  has(participant: string): boolean {
    return this.seen.has(participant);
  }

  ids(): string[] {
    return [...this.seen.keys()].sort(cmp);
  }

  /** Group a transcript gives a participant; two transcripts that disagree are an error. */
  documentGroup(participant: string): string | null {
    const groups = this.seen.get(participant);
    if (!groups) return null;
    const named = [...groups.entries()].filter(([g]) => g !== '');
    if (named.length > 1) {
      const [[g1, f1], [g2, f2]] = named.sort((a, b) => cmp(a[1], b[1])) as [[string, string], [string, string]];
      throw new AdmError(
        `participant \`${participant}\` is in group \`${g1}\` here but in group \`${g2}\` in ${f2}; give it a group in the participants sheet`,
        { file: f1 },
      );
    }
    return named[0]?.[0] ?? null;
  }
}

export interface Grouping {
  /** The column grouped by (`group` by default). */
  by: string;
  /** Group keys of a participant (usually one). */
  keysOf(participant: string): string[];
}

/** Separator of the combined key of a two-way grouping (`--by group,profession`). */
export const KEY_SEPARATOR = '/';

export function makeGrouping(by: string, speakers: Speakers, sheet: Sheet | null): Grouping {
  const columns = by.split(',').map((c) => c.trim());
  if (columns.some((c) => c === '')) throw new UsageError(`--by ${by}: give column names separated by commas`);
  if (columns.length > 1) {
    if (new Set(columns).size !== columns.length) throw new UsageError(`--by ${by}: a column is named twice`);
    const parts = columns.map((c) => makeGrouping(c, speakers, sheet));
    return {
      by: columns.join(','),
      keysOf(p) {
        let keys = [''];
        parts.forEach((g, i) => {
          const next: string[] = [];
          for (const k of keys) for (const v of g.keysOf(p)) next.push(i === 0 ? v : `${k}${KEY_SEPARATOR}${v}`);
          keys = next;
        });
        return keys;
      },
    };
  }
  if (by === 'group') {
    const cache = new Map<string, string[]>();
    return {
      by,
      keysOf(p) {
        let keys = cache.get(p);
        if (!keys) {
          const fromSheet = sheet?.groups.get(p) ?? null;
          keys = [fromSheet ?? speakers.documentGroup(p) ?? UNGROUPED];
          cache.set(p, keys);
        }
        return keys;
      },
    };
  }
  if (!sheet) throw new UsageError(`--by ${by}: there is no participants sheet to take \`${by}\` from (use --attributes FILE)`);
  if (!sheet.columns.includes(by)) {
    throw new UsageError(`--by ${by}: no such column in ${sheet.path} (columns: group, ${sheet.columns.join(', ')})`);
  }
  return {
    by,
    keysOf(p) {
      const v = sheet.rows.get(p)?.[by] ?? null;
      return v === null ? [MISSING_KEY] : levels(v);
    },
  };
}

/** The answers in one cell: `;` separates the answers of a multi-response cell. */
export function levels(cell: string): string[] {
  const parts = cell.split(';').map((s) => s.trim()).filter((s) => s !== '');
  return [...new Set(parts)];
}
