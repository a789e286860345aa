/** Small, exact statistics for the tallies. */

/** 100 × part / whole rounded half-up to one decimal, computed in integers; null when whole is 0. */
export function percent(part: number, whole: number): number | null {
  if (whole === 0) return null;
  const tenths = Math.floor((2000 * part + whole) / (2 * whole));
  return tenths / 10;
}

export interface Summary {
  n: number;
  mean: number | null;
  median: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
}

/** Mean, median, sample standard deviation (n − 1), min and max. */
export function summarise(values: number[]): Summary {
  const n = values.length;
  if (n === 0) return { n, mean: null, median: null, sd: null, min: null, max: null };
  const sorted = values.slice().sort((a, b) => a - b);
  // Two-pass mean and variance: stable for the values questionnaires hold.
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) * (v - mean);
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n, mean, median, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null, min: sorted[0]!, max: sorted[n - 1]! };
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isNumber(s: string): boolean {
  return NUMBER.test(s.trim());
}
