/** JSON (one document) and JSON Lines (one object per row). */
import type { Cell, Table } from '../types.js';
import { jsonCell } from './cells.js';

function objects(table: Table): Array<Record<string, Cell>> {
  return table.rows.map((row) => {
    const o: Record<string, Cell> = {};
    for (const c of table.columns) o[c.key] = jsonCell(c, row[c.key]);
    return o;
  });
}

/** One table → an array; several → an object keyed by table name. */
export function renderJson(tables: Table[]): string {
  const value = tables.length === 1 ? objects(tables[0]!) : Object.fromEntries(tables.map((t) => [t.name, objects(t)]));
  return JSON.stringify(value, null, 2) + '\n';
}

export function renderJsonLines(table: Table): string {
  return objects(table).map((o) => JSON.stringify(o) + '\n').join('');
}
