/**
 * Rules against a reference: per theme, how the automatic codes compare with a human coder's,
 * over a fixed set of segments. A parent theme's codes are the union of its own and its
 * sub-themes' codes, on both sides, so families can be scored as a whole.
 */
import type { Theme } from '../codebook/model.js';

export interface Confusion {
  theme: string;
  segments: number;
  /** coded by both */
  both: number;
  /** coded only by the reference (human) */
  onlyReference: number;
  /** coded only by the rules */
  onlyAuto: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Adds each coded theme's ancestors: `segment → themes` with parents filled in. */
export function withAncestors(codes: Map<string, Set<string>>, themes: Theme[]): Map<string, Set<string>> {
  const parent = new Map(themes.map((t) => [t.id, t.parent]));
  const out = new Map<string, Set<string>>();
  for (const [seg, set] of codes) {
    const full = new Set<string>();
    for (let t of set) {
      full.add(t);
      let p = parent.get(t);
      while (p) {
        full.add(p);
        p = parent.get(p);
      }
    }
    out.set(seg, full);
  }
  return out;
}

/** Per theme (codebook order): agreement of `auto` with `reference` over `segments`. */
export function confusion(themes: Theme[], segments: string[], reference: Map<string, Set<string>>, auto: Map<string, Set<string>>): Confusion[] {
  return themes.map((t) => {
    let both = 0;
    let onlyReference = 0;
    let onlyAuto = 0;
    for (const s of segments) {
      const r = reference.get(s)?.has(t.id) ?? false;
      const a = auto.get(s)?.has(t.id) ?? false;
      if (r && a) both++;
      else if (r) onlyReference++;
      else if (a) onlyAuto++;
    }
    const precision = both + onlyAuto === 0 ? null : both / (both + onlyAuto);
    const recall = both + onlyReference === 0 ? null : both / (both + onlyReference);
    const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { theme: t.id, segments: segments.length, both, onlyReference, onlyAuto, precision, recall, f1 };
  });
}
