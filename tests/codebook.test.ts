import { describe, expect, it } from 'vitest';
import { parseCodebook } from '../src/codebook/load.js';
import { checkRegexSafety } from '../src/codebook/regex-safety.js';
import { codebookError } from './helpers.js';

const err = codebookError;

describe('codebook loading', () => {
  it('keeps codebook order, parents before sub-themes, with depth and positions', () => {
    const cb = parseCodebook('name: N\nthemes:\n  a:\n    label: A\n    patterns: [x]\n    themes:\n      a-1: {label: A1, patterns: [y]}\n  b:\n    patterns: [z]\n', 'cb.yaml');
    expect(cb.themes.map((t) => [t.id, t.parent, t.depth, t.label, t.pos.line])).toEqual([
      ['a', null, 0, 'A', 3],
      ['a-1', 'a', 1, 'A1', 7],
      ['b', null, 0, 'b', 8],
    ]);
  });
  it('reads patterns as words, globs, phrases and regexes', () => {
    const cb = parseCodebook('name: N\nthemes:\n  a:\n    patterns: [lead*, parity of esteem, "/x+y/i", "don\'t", 111]\n', 'cb.yaml');
    const ps = cb.themes[0]!.patterns;
    expect(ps.map((p) => (p.kind === 'words' ? p.words : String(p.regex)))).toEqual([['lead*'], ['parity', 'of', 'esteem'], '/x+y/gi', ["don't"], ['111']]);
  });
  it('YAML syntax error → file:line:col', () => {
    expect(err('name: N\nthemes:\n  a:\n    patterns: [lead*\n  b: {}\n')).toMatch(/^cb\.yaml:\d+:\d+: YAML: /);
  });
  it('unknown key → its position and the allowed keys', () => {
    expect(err('name: N\nthemes:\n  a:\n    label: A\n    pattern: [x]\n')).toBe(
      'cb.yaml:5:5: theme `a`: unknown key `pattern` (allowed: label, definition, when_to_use, when_not_to_use, patterns, exclude, in_answer_to, examples, themes)',
    );
    expect(err('name: N\ntheme: {}\n')).toMatch(/^cb\.yaml:2:1: codebook: unknown key `theme`/);
  });
  it('bad theme id', () => {
    expect(err('name: N\nthemes:\n  Parity PT:\n    patterns: [x]\n')).toMatch(/^cb\.yaml:3:3: bad theme id `Parity PT`/);
  });
  it('duplicate id, even at another depth', () => {
    expect(err('name: N\nthemes:\n  a:\n    patterns: [x]\n    themes:\n      b: {patterns: [y]}\n  b:\n    patterns: [z]\n')).toBe(
      'cb.yaml:7:3: duplicate theme id `b` (first defined at line 6)',
    );
    expect(err('name: N\nthemes:\n  a: {patterns: [x]}\n  a: {patterns: [y]}\n')).toMatch(/^cb\.yaml:4:3: YAML: Map keys must be unique/);
  });
  it('invalid regex → the pattern position and the reason', () => {
    expect(err('name: N\nthemes:\n  a:\n    patterns:\n      - ok\n      - "/(unclosed/i"\n')).toMatch(/^cb\.yaml:6:9: theme `a`: pattern \/\(unclosed\/i is not a valid regular expression/);
  });
  it('regex flags other than i m s u are refused', () => {
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["/x/y"]\n')).toMatch(/flag `y` is not allowed/);
  });
  it('empty patterns, patterns without words and match-everything patterns are refused', () => {
    expect(err('name: N\nthemes:\n  a:\n    patterns: [""]\n')).toMatch(/^cb\.yaml:4:16: theme `a`: pattern is empty/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["--"]\n')).toMatch(/has no words/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["*"]\n')).toMatch(/matches every word/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["/x*/"]\n')).toMatch(/matches empty text/);
  });
  it('gaps need words on both sides and N from 1 to 30', () => {
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["~3 decide"]\n')).toMatch(/^cb\.yaml:4:16: theme `a`: pattern `~3 decide`: `~` needs words on both sides/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["psychology ~3"]\n')).toMatch(/needs words on both sides/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["psychology ~ decide"]\n')).toMatch(/a gap is written `~N` with N from 1 to 30/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["psychology ~31 decide"]\n')).toMatch(/with N from 1 to 30/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["psychology ~0 decide"]\n')).toMatch(/with N from 1 to 30/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["* ~3 *"]\n')).toMatch(/matches every word/);
  });
  it('alternatives need a closed, unnested group and stay under 2000 expansions', () => {
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["(lead|head post"]\n')).toMatch(/^cb\.yaml:4:16: theme `a`: pattern `\(lead\|head post`: a group `\(` needs its `\)`/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["lead|head"]\n')).toMatch(/`\|` outside a group/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["(a|(b|c))"]\n')).toMatch(/groups do not nest/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["(/x+/|y)"]\n')).toMatch(/alternatives hold words, not regular expressions/);
    const big = Array.from({ length: 3 }, () => `(${Array.from({ length: 13 }, (_, i) => `w${i}`).join('|')})`).join(' ');
    expect(err(`name: N\nthemes:\n  a:\n    patterns: ["${big}"]\n`)).toMatch(/stands for more than 2000 word sequences/);
  });
  it('catastrophically backtracking regexes are refused when the codebook loads', () => {
    expect(err('name: N\nthemes:\n  a:\n    patterns: ["/(a+)+$/"]\n')).toMatch(/^cb\.yaml:4:16: .*refused: a repeated group contains another unbounded repetition/);
  });
  it('structural errors', () => {
    expect(err('')).toMatch(/codebook is empty/);
    expect(err('name: N\n')).toMatch(/has no `themes`/);
    expect(err('name: N\nthemes: [a, b]\n')).toMatch(/`themes` must map theme ids/);
    expect(err('name: N\nthemes:\n  a:\n    patterns: lead\n')).toMatch(/`patterns` must be a list/);
    expect(err('name: N\nthemes:\n  a:\n    examples: {match: [x], maybe: [y]}\n')).toMatch(/examples: unknown key `maybe`/);
  });
  it('alias bombs and alias cycles stop with an error, not a hang', () => {
    const bomb = ['name: N', 'a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), 'themes: {t: {patterns: [x]}}'].join('\n');
    expect(err(bomb)).toMatch(/^cb\.yaml:\d+:\d+: /);
    expect(err('name: N\nthemes: &t\n  a:\n    patterns: [x]\n    themes: *t\n')).toMatch(/theme cycle|used twice/);
  });
});

describe('regex safety', () => {
  it.each(['(a+)+$', '(\\w*\\s?)*x', '(?:a|b+)*', '((ab)+c?)+', '(x+){2,}', '(a*)*'])('refuses %s', (src) => {
    expect(checkRegexSafety(src)).not.toBeNull();
  });
  it.each(['not (seen|treated) as equals?', '\\b(lost|cut)\\b.{0,40}\\blead', '[(+*]+', '(ab)+', '(a+)?', 'a+b*c+', '\\(a+\\)+'])('accepts %s', (src) => {
    expect(checkRegexSafety(src)).toBeNull();
  });
});
