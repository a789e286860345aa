/** How a number is written, the same in every text format. */
import type { Cell, Column } from '../types.js';

export function formatCell(column: Column, value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  switch (column.format) {
    case 'pct1':
      return noNegativeZero(Math.round(value * 10) / 10).toFixed(1);
    case 'dec2': {
      const r = round2(value);
      return Number.isInteger(r) ? String(r) : r.toFixed(2);
    }
    case 'dec3':
      return noNegativeZero(Math.round(value * 1000) / 1000).toFixed(3);
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
  if (typeof value === 'number' && column.format === 'dec3') return noNegativeZero(Math.round(value * 1000) / 1000);
  return value;
}

function round2(v: number): number {
  return noNegativeZero(Math.round((v + Number.EPSILON * Math.sign(v)) * 100) / 100);
}

/** -0 (e.g. a kappa of -1e-17 rounded) is written 0. */
function noNegativeZero(v: number): number {
  return Object.is(v, -0) ? 0 : v;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or tab / CR) as a formula: text fields that
 * do are prefixed with ' (SPEC §2), unless the user asked for raw output.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
