/** Boxed tables for a terminal (cli-table3), coloured with chalk only when asked to. */
import { Chalk } from 'chalk';
import Table3 from 'cli-table3';
import type { Table } from '../types.js';
import { formatCell } from './cells.js';

export function renderTerminal(tables: Table[], color: boolean, preface?: string): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const parts: string[] = [];
  if (preface) parts.push(preface.trimEnd());
  for (const t of tables) {
    const table = new Table3({
      head: t.columns.map((c) => chalk.bold(c.key)),
      style: { head: [], border: color ? ['grey'] : [], compact: true },
      colAligns: t.columns.map((c) => (c.format === 'text' ? 'left' : 'right')),
      wordWrap: true,
    });
    for (const row of t.rows) table.push(t.columns.map((c) => formatCell(c, row[c.key])));
    const title = t.title ? chalk.bold(t.title) + '\n' : '';
    parts.push(title + (t.rows.length === 0 ? '(no rows)' : table.toString()));
  }
  return parts.join('\n\n') + '\n';
}
