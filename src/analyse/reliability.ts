/**
 * Inter-coder agreement for nominal codes: percent agreement, Cohen's kappa (two coders) and
 * Krippendorff's alpha (any number of coders, missing values allowed), with the Landis & Koch
 * (1977) bands as plain words for readers who are not statisticians.
 */

/** Two coders, one binary decision per unit: counts of the four cells. */
export interface TwoByTwo {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

export function percentAgreement(t: TwoByTwo): number | null {
  const n = t.both + t.onlyA + t.onlyB + t.neither;
  return n === 0 ? null : (t.both + t.neither) / n;
}

/**
 * Cohen's kappa: (po − pe) / (1 − pe). Undefined (null) when pe = 1, i.e. both coders gave the same
 * single value to every unit — perfect agreement that chance alone also predicts.
 */
export function cohenKappa(t: TwoByTwo): number | null {
  const n = t.both + t.onlyA + t.onlyB + t.neither;
  if (n === 0) return null;
  const po = (t.both + t.neither) / n;
  const a1 = (t.both + t.onlyA) / n;
  const b1 = (t.both + t.onlyB) / n;
  const pe = a1 * b1 + (1 - a1) * (1 - b1);
  if (pe >= 1 - 1e-12) return null;
  return (po - pe) / (1 - pe);
}

/**
 * Krippendorff's alpha for nominal data (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability"): units × coders, null = missing. Units with fewer than two values are not
 * pairable and are left out. Null when there is no variation at all (De = 0).
 */
export function krippendorffAlphaNominal(units: Array<Array<string | number | boolean | null>>): number | null {
  // Coincidence matrix o[c][k] = Σ_u (number of c–k pairs in u) / (m_u − 1).
  const o = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, w: number) => {
    let row = o.get(c);
    if (!row) o.set(c, (row = new Map()));
    row.set(k, (row.get(k) ?? 0) + w);
  };
  for (const unit of units) {
    const values = unit.filter((v) => v !== null).map(String);
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) add(values[i]!, values[j]!, 1 / (m - 1));
  }
  const nc = new Map<string, number>();
  let n = 0;
  for (const [c, row] of o) {
    let s = 0;
    for (const v of row.values()) s += v;
    nc.set(c, s);
    n += s;
  }
  if (n <= 1) return null;
  let observed = 0;
  for (const [c, row] of o) for (const [k, v] of row) if (c !== k) observed += v;
  let expected = 0;
  for (const [c, a] of nc) for (const [k, b] of nc) if (c !== k) expected += a * b;
  const Do = observed / n;
  const De = expected / (n * (n - 1));
  if (De === 0) return null;
  return 1 - Do / De;
}

/** Two coders, binary decisions: alpha from the 2×2 table. */
export function alphaFromTable(t: TwoByTwo): number | null {
  const units: boolean[][] = [];
  for (let i = 0; i < t.both; i++) units.push([true, true]);
  for (let i = 0; i < t.onlyA; i++) units.push([true, false]);
  for (let i = 0; i < t.onlyB; i++) units.push([false, true]);
  for (let i = 0; i < t.neither; i++) units.push([false, false]);
  return krippendorffAlphaNominal(units);
}

/** Landis & Koch (1977) strength-of-agreement bands for kappa. */
export function landisKoch(kappa: number | null): string {
  if (kappa === null) return 'undefined (no variation)';
  if (kappa < 0) return 'poor';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}
