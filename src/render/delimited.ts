/** CSV (RFC 4180, LF line ends) and TSV, through csv-stringify. */
import { stringify } from 'csv-stringify/sync';
import type { Table } from '../types.js';
import { formatCell, neutralise } from './cells.js';

export function renderDelimited(table: Table, delimiter: ',' | '\t', raw: boolean): string {
  const records = table.rows.map((row) =>
    table.columns.map((c) => {
      const s = formatCell(c, row[c.key]);
      return c.format === 'text' && !raw ? neutralise(s) : s;
    }),
  );
  return stringify(records, {
    header: true,
    columns: table.columns.map((c) => c.key),
    delimiter,
    record_delimiter: 'unix',
  });
}
