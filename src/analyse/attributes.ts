/**
 * Questionnaire tallies (SPEC §2, `tally --table attributes`). A column whose non-missing values
 * are all numbers is numeric (n, mean, median, sd, min, max); any other column is categorical,
 * with `;` separating the answers of a multi-response cell. Missing values leave the denominator.
 */
import type { Sheet } from '../read/attributes.js';
import { cmp } from '../read/files.js';
import type { Table } from '../types.js';
import { ALL, levels, type Grouping } from './participants.js';
import { isNumber, percent, summarise } from './stats.js';

export function attributeKinds(sheet: Sheet): Map<string, 'numeric' | 'categorical'> {
  const kinds = new Map<string, 'numeric' | 'categorical'>();
  for (const col of sheet.columns) {
    let seen = 0;
    let numeric = true;
    for (const row of sheet.rows.values()) {
      const v = row[col];
      if (v === null || v === undefined) continue;
      seen++;
      if (!isNumber(v)) {
        numeric = false;
        break;
      }
    }
    kinds.set(col, numeric && seen > 0 ? 'numeric' : 'categorical');
  }
  return kinds;
}

/**
 * @param people every participant: the sheet's rows and every speaker (sorted).
 */
export function attributeTable(sheet: Sheet | null, people: string[], grouping: Grouping): Table {
  const columns: Table['columns'] = [
    { key: 'attribute', format: 'text' },
    { key: 'group', format: 'text' },
    { key: 'level', format: 'text' },
    { key: 'count', format: 'int' },
    { key: 'n', format: 'int' },
    { key: 'percent', format: 'pct1' },
    { key: 'mean', format: 'dec2' },
    { key: 'median', format: 'dec2' },
    { key: 'sd', format: 'dec2' },
    { key: 'min', format: 'dec2' },
    { key: 'max', format: 'dec2' },
  ];
  const table: Table = { name: 'attributes', title: grouping.by === 'group' ? 'Attributes by group' : `Attributes by ${grouping.by}`, columns, rows: [] };
  if (!sheet) return table;

  const members = new Map<string, string[]>();
  for (const p of people) {
    for (const key of grouping.keysOf(p)) {
      const list = members.get(key);
      if (list) list.push(p);
      else members.set(key, [p]);
    }
  }
  const groups: Array<[string, string[]]> = [...members.keys()].sort(cmp).map((g) => [g, members.get(g)!]);
  groups.push([ALL, people]);
  const kinds = attributeKinds(sheet);
  const value = (p: string, col: string) => sheet.rows.get(p)?.[col] ?? null;

  for (const col of sheet.columns) {
    if (kinds.get(col) === 'numeric') {
      for (const [group, ps] of groups) {
        const vals: number[] = [];
        for (const p of ps) {
          const v = value(p, col);
          if (v !== null) vals.push(Number(v));
        }
        const s = summarise(vals);
        table.rows.push({ attribute: col, group, level: null, count: null, n: s.n, percent: null, mean: s.mean, median: s.median, sd: s.sd, min: s.min, max: s.max });
      }
      continue;
    }
    const allLevels = new Set<string>();
    for (const p of people) {
      const v = value(p, col);
      if (v !== null) for (const l of levels(v)) allLevels.add(l);
    }
    const sortedLevels = [...allLevels].sort(cmp);
    for (const [group, ps] of groups) {
      let n = 0;
      const counts = new Map<string, number>();
      for (const p of ps) {
        const v = value(p, col);
        if (v === null) continue;
        n++;
        for (const l of levels(v)) counts.set(l, (counts.get(l) ?? 0) + 1);
      }
      for (const level of sortedLevels) {
        const count = counts.get(level) ?? 0;
        table.rows.push({ attribute: col, group, level, count, n, percent: percent(count, n), mean: null, median: null, sd: null, min: null, max: null });
      }
    }
  }
  return table;
}
