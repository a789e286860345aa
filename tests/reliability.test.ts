import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alphaFromTable, cohenKappa, krippendorffAlphaNominal, landisKoch, percentAgreement } from '../src/analyse/reliability.js';

/**
 * A second, independent implementation straight from the definitions, for cross-checking:
 * alpha = 1 − Do/De by enumerating every pair of pairable values (no coincidence matrix), and
 * kappa from the observed and chance agreement of the raw decisions.
 */
function alphaBruteForce(units: Array<Array<string | null>>): number | null {
  const pairable = units.map((u) => u.filter((v) => v !== null) as string[]).filter((u) => u.length >= 2);
  const all = pairable.flat();
  const n = all.length;
  let dWithin = 0;
  for (const u of pairable) {
    let d = 0;
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j && u[i] !== u[j]) d++;
    dWithin += d / (u.length - 1);
  }
  let dAll = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && all[i] !== all[j]) dAll++;
  if (dAll === 0) return null;
  return 1 - ((n - 1) * dWithin) / dAll;
}
function kappaBruteForce(a: boolean[], b: boolean[]): number | null {
  const n = a.length;
  const po = a.filter((x, i) => x === b[i]).length / n;
  const pa = a.filter(Boolean).length / n;
  const pb = b.filter(Boolean).length / n;
  const pe = pa * pb + (1 - pa) * (1 - pb);
  return pe === 1 ? null : (po - pe) / (1 - pe);
}

describe("Cohen's kappa", () => {
  it('Wikipedia worked example (50 grant proposals: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no): po 0.7, kappa 0.4', () => {
    const t = { both: 20, onlyA: 5, onlyB: 10, neither: 15 };
    expect(percentAgreement(t)).toBeCloseTo(0.7, 12);
    expect(cohenKappa(t)).toBeCloseTo(0.4, 12);
  });
  it('Wikipedia second example (45/15/25/15 → kappa 0.1304) and third (25/35/5/35 → 0.2593)', () => {
    expect(cohenKappa({ both: 45, onlyA: 15, onlyB: 25, neither: 15 })).toBeCloseTo(0.1304, 4);
    expect(cohenKappa({ both: 25, onlyA: 35, onlyB: 5, neither: 35 })).toBeCloseTo(0.2593, 4);
  });
  it('perfect agreement is 1; constant coders make kappa undefined', () => {
    expect(cohenKappa({ both: 3, onlyA: 0, onlyB: 0, neither: 7 })).toBe(1);
    expect(cohenKappa({ both: 0, onlyA: 0, onlyB: 0, neither: 10 })).toBeNull();
  });
  it('property: equals the brute-force definition', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 60 }), (pairs) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        const t = { both: pairs.filter(([x, y]) => x && y).length, onlyA: pairs.filter(([x, y]) => x && !y).length, onlyB: pairs.filter(([x, y]) => !x && y).length, neither: pairs.filter(([x, y]) => !x && !y).length };
        const k = cohenKappa(t);
        const ref = kappaBruteForce(a, b);
        if (ref === null) expect(k).toBeNull();
        else expect(k!).toBeCloseTo(ref, 10);
      }),
    );
  });
});

describe("Krippendorff's alpha (nominal)", () => {
  it('Krippendorff (2011), "Computing Krippendorff\'s Alpha-Reliability", 4 observers × 12 units with missing data: α = 0.743', () => {
    const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
    const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
    const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
    const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
    const units = A.map((_, i) => [A[i]!, B[i]!, C[i]!, D[i]!]);
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(0.743, 3);
    expect(alphaBruteForce(units.map((u) => u.map((v) => (v === null ? null : String(v)))))).toBeCloseTo(0.743, 3);
  });
  it('two coders, binary: the kappa example gives α = 0.4 (N = 100, 15 disagreements)', () => {
    expect(alphaFromTable({ both: 20, onlyA: 5, onlyB: 10, neither: 15 })).toBeCloseTo(1 - (99 * 15) / (45 * 55), 12);
  });
  it('property: equals the brute-force definition on random data with missing values', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 25 }), (units) => {
        const x = krippendorffAlphaNominal(units);
        const y = alphaBruteForce(units);
        if (y === null) expect(x).toBeNull();
        else expect(x!).toBeCloseTo(y, 9);
      }),
    );
  });
});

describe('Landis & Koch bands', () => {
  it('name each range', () => {
    expect([-0.1, 0.1, 0.3, 0.5, 0.7, 0.9, null].map(landisKoch)).toEqual(['poor', 'slight', 'fair', 'moderate', 'substantial', 'almost perfect', 'undefined (no variation)']);
  });
});
