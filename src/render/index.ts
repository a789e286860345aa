/** Output → text in the format asked for. Every renderer takes the same Table. */
import { UsageError } from '../cli/errors.js';
import type { Output, Table } from '../types.js';
import { renderDelimited } from './delimited.js';
import { renderJson, renderJsonLines } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

export const FORMATS = ['table', 'csv', 'tsv', 'json', 'jsonl', 'md'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  format: Format;
  /** Name of the table to print (`--table`); csv, tsv and jsonl print one table. */
  table?: string;
  color: boolean;
  raw: boolean;
}

export function pick(tables: Table[], name: string | undefined): Table[] {
  if (name === undefined) return tables;
  const found = tables.filter((t) => t.name === name);
  if (found.length === 0) throw new UsageError(`--table ${name}: no such table (choose ${tables.map((t) => t.name).join(' or ')})`);
  return found;
}

export function render(output: Output, o: RenderOptions): string {
  switch (o.format) {
    case 'csv':
    case 'tsv':
    case 'jsonl': {
      const t = pick(output.tables, o.table)[0]!;
      if (o.format === 'jsonl') return renderJsonLines(t);
      return renderDelimited(t, o.format === 'csv' ? ',' : '\t', o.raw);
    }
    case 'json':
      return renderJson(pick(output.tables, o.table));
    case 'md':
      return renderMarkdown(pick(output.display ?? output.tables, o.table), o.table ? undefined : output.preface);
    case 'table':
      return renderTerminal(pick(output.display ?? output.tables, o.table), o.color, o.table ? undefined : output.preface);
  }
}
