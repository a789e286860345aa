/**
 * Refuses regular expressions whose backtracking can blow up: a repeated group that itself
 * contains an unbounded repetition, such as `(a+)+$` or `(\w*\s?)*`. JavaScript's engine
 * backtracks, so one such pattern in a shared codebook could hang a run on one long turn.
 * Returns a reason, or null when the pattern is safe by this test.
 */
export function checkRegexSafety(source: string): string | null {
  // Each open group records whether an unbounded quantifier occurs inside it.
  const stack: boolean[] = [];
  let lastGroupUnbounded: boolean | null = null; // the group that just closed, if the previous token was `)`
  let i = 0;
  const n = source.length;
  const markUnbounded = () => {
    for (let k = 0; k < stack.length; k++) stack[k] = true;
  };
  while (i < n) {
    const c = source[i]!;
    if (c === '\\') {
      i += 2;
      lastGroupUnbounded = null;
      continue;
    }
    if (c === '[') {
      i++;
      while (i < n && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      lastGroupUnbounded = null;
      continue;
    }
    if (c === '(') {
      stack.push(false);
      i++;
      lastGroupUnbounded = null;
      continue;
    }
    if (c === ')') {
      lastGroupUnbounded = stack.pop() ?? false;
      i++;
      continue;
    }
    const q = quantifierAt(source, i);
    if (q) {
      if (q.unbounded) {
        if (lastGroupUnbounded) {
          return `a repeated group contains another unbounded repetition (${source.slice(0, i + q.length)}), which can take exponential time; rewrite it without the nesting`;
        }
        markUnbounded();
      } else if (lastGroupUnbounded && q.max > 1) {
        return `a repeated group contains an unbounded repetition (${source.slice(0, i + q.length)}), which can take exponential time; rewrite it without the nesting`;
      }
      i += q.length;
      // A lazy or possessive marker belongs to the quantifier.
      if (source[i] === '?') i++;
      lastGroupUnbounded = null;
      continue;
    }
    lastGroupUnbounded = null;
    i++;
  }
  return null;
}

function quantifierAt(s: string, i: number): { length: number; unbounded: boolean; max: number } | null {
  const c = s[i];
  if (c === '*' || c === '+') return { length: 1, unbounded: true, max: Infinity };
  if (c === '?') return { length: 1, unbounded: false, max: 1 };
  if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i));
    if (!m) return null;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    return { length: m[0].length, unbounded: max === Infinity, max };
  }
  return null;
}
