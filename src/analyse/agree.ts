/**
 * Codes from a codings file, completed like the rules' codes: a parent theme codes every segment
 * one of its sub-themes codes, so that families can be compared as a whole.
 */
import type { Theme } from '../codebook/model.js';

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
