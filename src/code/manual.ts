/**
 * Manual codes on top of the rules (manual wins): `add` codes a segment with a theme by hand;
 * `remove` takes a theme's automatic code away, together with its sub-themes' (a parent's code is
 * the union of its sub-themes', so removing only the parent could not take it away). Parents are
 * then recomputed as the union of what remains; hits count the rules' mentions that remain (a
 * manual-only code has 0 hits).
 */
import type { Theme } from '../codebook/model.js';
import type { Coding } from '../types.js';
import { merge } from './match.js';

type Span = [number, number];

export function applyManual(themes: Theme[], codings: Coding[], add: ReadonlySet<string>, remove: ReadonlySet<string>): Coding[] {
  if (add.size === 0 && remove.size === 0) return codings;
  const byId = new Map(themes.map((t) => [t.id, t]));
  const removed = new Set<string>();
  const drop = (id: string) => {
    removed.add(id);
    for (const c of byId.get(id)?.children ?? []) drop(c);
  };
  for (const id of remove) drop(id);
  const auto = new Map(codings.map((c) => [c.theme, c]));

  const final = new Map<string, { spans: Span[]; auto: boolean; manual: boolean }>();
  const visit = (t: Theme): void => {
    for (const c of t.children) visit(byId.get(c)!);
    const a = removed.has(t.id) ? undefined : auto.get(t.id);
    // A coding without `own` spans information is a leaf's: all its spans are its own.
    const ownSpans = a ? (a.own === undefined ? a.spans : a.own) : null;
    let spans: Span[] = ownSpans ? ownSpans.slice() : [];
    let isAuto = Boolean(ownSpans);
    let isManual = add.has(t.id);
    for (const c of t.children) {
      const f = final.get(c);
      if (!f) continue;
      spans = spans.concat(f.spans);
      isAuto ||= f.auto;
      isManual ||= f.manual;
    }
    if (isAuto || isManual) final.set(t.id, { spans: merge(spans), auto: isAuto, manual: isManual });
  };
  for (const t of themes) if (t.parent === null) visit(t);
  const out: Coding[] = [];
  for (const t of themes) {
    const f = final.get(t.id);
    if (!f) continue;
    out.push({ theme: t.id, hits: f.spans.length, spans: f.spans, source: f.auto && f.manual ? 'both' : f.manual ? 'manual' : 'auto' });
  }
  return out;
}
