/**
 * Literal prefilter for regular-expression patterns (the idea ripgrep and RE2 use): from a regex
 * we derive a set of word fragments such that every match must contain one of them. A segment
 * none of whose tokens contains one of the fragments cannot match, so the regex is not run on it.
 * The derivation is conservative: when in doubt it returns null ("always run").
 */

type Node =
  | { t: 'char'; c: string | null } // c = literal character, null = any other single-char matcher
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; node: Node; min: number }
  | { t: 'zero' }; // zero-width: anchors, \b, lookarounds, backreferences (treated as unknown width 0)

/** Characters safe to use in a fragment: their case folding is one-to-one and width-preserving. */
const FRAGMENT_CHAR = /^[a-z0-9à-öø-þ]$/;

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  parseAlt(): Node {
    const options: Node[] = [this.parseSeq()];
    while (this.s[this.i] === '|') {
      this.i++;
      options.push(this.parseSeq());
    }
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  parseSeq(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      let atom = this.parseAtom();
      atom = this.parseQuantifier(atom);
      items.push(atom);
    }
    return { t: 'seq', items };
  }

  parseQuantifier(atom: Node): Node {
    const s = this.s;
    let min: number | null = null;
    const c = s[this.i];
    if (c === '*' || c === '?') min = 0;
    else if (c === '+') min = 1;
    else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(s.slice(this.i));
      if (m) {
        min = Number(m[1]);
        this.i += m[0].length - 1;
      }
    }
    if (min === null) return atom;
    this.i++;
    if (s[this.i] === '?') this.i++;
    return { t: 'rep', node: atom, min };
  }

  parseAtom(): Node {
    const s = this.s;
    const c = s[this.i]!;
    if (c === '(') {
      this.i++;
      let look = false;
      if (s.startsWith('?:', this.i)) this.i += 2;
      else if (s.startsWith('?=', this.i) || s.startsWith('?!', this.i)) {
        this.i += 2;
        look = true;
      } else if (s.startsWith('?<=', this.i) || s.startsWith('?<!', this.i)) {
        this.i += 3;
        look = true;
      } else if (s.startsWith('?<', this.i)) {
        const end = s.indexOf('>', this.i);
        this.i = end + 1;
      } else if (s[this.i] === '?') throw new Error('unsupported group');
      const inner = this.parseAlt();
      if (s[this.i] !== ')') throw new Error('unbalanced');
      this.i++;
      return look ? { t: 'zero' } : inner;
    }
    if (c === '[') {
      this.i++;
      if (s[this.i] === '^') this.i++;
      if (s[this.i] === ']') this.i++;
      while (this.i < s.length && s[this.i] !== ']') this.i += s[this.i] === '\\' ? 2 : 1;
      this.i++;
      return { t: 'char', c: null };
    }
    if (c === '\\') {
      const d = s[this.i + 1] ?? '';
      this.i += 2;
      if ('bB'.includes(d) || /[1-9]/.test(d) || d === 'k') {
        if (d === 'k' && s[this.i] === '<') this.i = s.indexOf('>', this.i) + 1;
        return { t: 'zero' };
      }
      if ('dDwWsS'.includes(d)) return { t: 'char', c: null };
      if (d === 'p' || d === 'P') {
        if (s[this.i] === '{') this.i = s.indexOf('}', this.i) + 1;
        return { t: 'char', c: null };
      }
      if (d === 'x') {
        this.i += 2;
        return { t: 'char', c: String.fromCharCode(parseInt(s.slice(this.i - 2, this.i), 16)) };
      }
      if (d === 'u') {
        if (s[this.i] === '{') {
          const end = s.indexOf('}', this.i);
          const cp = parseInt(s.slice(this.i + 1, end), 16);
          this.i = end + 1;
          return { t: 'char', c: String.fromCodePoint(cp) };
        }
        this.i += 4;
        return { t: 'char', c: String.fromCharCode(parseInt(s.slice(this.i - 4, this.i), 16)) };
      }
      if ('nrtvf0c'.includes(d)) return { t: 'char', c: null };
      return { t: 'char', c: d };
    }
    this.i++;
    if (c === '.') return { t: 'char', c: null };
    if (c === '^' || c === '$') return { t: 'zero' };
    return { t: 'char', c };
  }
}

/** Fragments one of which every match contains (lower-cased), or null when none can be proven. */
export function requiredFragments(source: string, minLength = 3): string[] | null {
  let ast: Node;
  try {
    const p = new Parser(source);
    ast = p.parseAlt();
    if (p.i !== source.length) return null;
  } catch {
    return null;
  }
  const set = required(ast, minLength);
  return set ? [...set].sort() : null;
}

function score(set: Set<string>): number {
  let min = Infinity;
  for (const s of set) min = Math.min(min, s.length);
  return min * 100 - set.size;
}

function required(n: Node, minLength: number): Set<string> | null {
  switch (n.t) {
    case 'char':
    case 'zero':
      return null;
    case 'rep':
      return n.min >= 1 ? required(n.node, minLength) : null;
    case 'alt': {
      const out = new Set<string>();
      for (const o of n.options) {
        const r = required(o, minLength);
        if (!r) return null;
        for (const f of r) out.add(f);
      }
      return out;
    }
    case 'seq': {
      let best: Set<string> | null = null;
      const consider = (cand: Set<string> | null) => {
        if (cand && cand.size > 0 && (!best || score(cand) > score(best))) best = cand;
      };
      let run = '';
      const flush = () => {
        if (run.length >= minLength) consider(new Set([run]));
        run = '';
      };
      for (const item of n.items) {
        if (item.t === 'char' && item.c !== null) {
          const lc = item.c.toLowerCase();
          if (FRAGMENT_CHAR.test(lc)) {
            run += lc;
            continue;
          }
        }
        flush();
        consider(required(item, minLength));
      }
      flush();
      return best;
    }
  }
}
