/**
 * Redaction for quotes that leave the research team (`--redact`): participant labels, names from
 * the codebook's `redact:` list or a `--redact-file`, e-mail addresses, UK phone numbers and
 * NHS-number-shaped digit runs become [REDACTED]. Returns spans, so that highlighting and
 * redaction can be combined on the original text.
 */
export const REDACTED = '[REDACTED]';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// +44 7700 900123, +44 (0)20 7946 0958, 07700 900123, 020-7946-0958, (0161) 496 0000
const UK_PHONE = /(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s-]?\)?[\s-]?\d){8,9}(?!\d)/g;
// NHS numbers: ten digits, usually written 3-3-4.
const NHS_NUMBER = /(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)/g;

export type Span = [number, number];

export class Redactor {
  private readonly names: RegExp | null;

  constructor(names: Iterable<string>) {
    const list = [...new Set([...names].map((n) => n.trim()).filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
    this.names = list.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  }

  /** Spans of `text` to redact, merged and sorted. */
  spans(text: string): Span[] {
    const out: Span[] = [];
    for (const re of [this.names, EMAIL, UK_PHONE, NHS_NUMBER]) {
      if (!re) continue;
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
    }
    out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged: Span[] = [];
    for (const s of out) {
      const last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    }
    return merged;
  }

  apply(text: string): string {
    return markup(text, [], this.spans(text), (s) => s);
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

/**
 * Writes `text` with highlighted spans wrapped by `highlight` and redacted spans replaced by
 * [REDACTED] (redaction wins where they overlap).
 */
export function markup(text: string, highlights: Span[], redactions: Span[], highlight: (s: string) => string): string {
  let out = '';
  let i = 0;
  let r = 0;
  const hs = highlights.slice().sort((a, b) => a[0] - b[0]);
  let h = 0;
  while (i < text.length) {
    const red = redactions[r];
    if (red && red[0] <= i) {
      out += REDACTED;
      i = Math.max(i, red[1]);
      r++;
      continue;
    }
    while (hs[h] && hs[h]![1] <= i) h++;
    const hl = hs[h];
    const nextRed = red ? red[0] : text.length;
    if (hl && hl[0] <= i) {
      const end = Math.min(hl[1], nextRed);
      out += highlight(text.slice(i, end));
      i = end;
    } else {
      const end = Math.min(hl ? hl[0] : text.length, nextRed);
      out += text.slice(i, end);
      i = end;
    }
  }
  return out;
}
