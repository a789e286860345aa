/** Markdown (GitHub) tables, for pasting into a report or an issue. */
import type { Table } from '../types.js';
import { formatCell } from './cells.js';

export function renderMarkdown(tables: Table[], preface?: string): string {
  const parts: string[] = [];
  if (preface) parts.push(preface.trimEnd() + '\n');
  for (const t of tables) {
    const lines: string[] = [];
    if (t.title) lines.push(`### ${t.title}`, '');
    const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
    lines.push(`| ${t.columns.map((c) => esc(c.key)).join(' | ')} |`);
    lines.push(`|${t.columns.map((c) => (c.format === 'text' ? ' --- ' : ' ---: ')).join('|')}|`);
    for (const row of t.rows) lines.push(`| ${t.columns.map((c) => esc(formatCell(c, row[c.key]))).join(' | ')} |`);
    parts.push(lines.join('\n') + '\n');
  }
  return parts.join('\n');
}
