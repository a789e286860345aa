/** How a number is written, the same in every text format. */
import type { Cell, Column } from '../types.js';

export function formatCell(column: Column, value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  switch (column.format) {
    case 'pct1':
      return value.toFixed(1);
    case 'dec2': {
      const r = round2(value);
      return Number.isInteger(r) ? String(r) : r.toFixed(2);
    }
    case 'int':
      return String(value);
    default:
      return String(value);
  }
}

/** The value JSON carries: numbers rounded as in text formats, so every format agrees. */
export function jsonCell(column: Column, value: Cell | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && column.format === 'dec2') return round2(value);
  return value;
}

function round2(v: number): number {
  const r = Math.round((v + Number.EPSILON * Math.sign(v)) * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or tab / CR) as a formula: text fields that
 * do are prefixed with ' (SPEC §2), unless the user asked for raw output.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
