/** `adm-code codebook check` and `adm-code codebook test`. */
import { compile } from '../codebook/compile.js';
import type { Codebook, Pattern, Theme } from '../codebook/model.js';
import { regexFilter } from '../codebook/prefilter.js';
import { agreementSpan } from '../code/agreement.js';
import { codeAnswer, Question } from '../code/answers.js';
import type { Output, Table } from '../types.js';
import { findCodebook } from './study.js';

/** Always reads and validates the file itself: the one command that never uses the codebook cache. */
export async function check(options: { codebook?: string }): Promise<Output> {
  const cb = await findCodebook(options.codebook);
  compile(cb);
  const rows: Table['rows'] = cb.themes.map((t) => {
    const words = t.patterns.filter((p) => p.kind === 'words');
    return {
      theme: t.id,
      parent: t.parent,
      depth: t.depth,
      label: t.label,
      patterns: t.patterns.length,
      words: words.filter((p) => p.words.length === 1 && !/[*?]/.test(p.words[0]!)).length,
      globs: words.filter((p) => p.words.length === 1 && /[*?]/.test(p.words[0]!)).length,
      phrases: words.filter((p) => p.words.length > 1).length,
      regexes: t.patterns.length - words.length,
      unanchored: slowRegexes(t).length,
      exclude: t.exclude.length,
      answer_patterns: t.inAnswerTo?.patterns.length ?? 0,
      question_patterns: t.inAnswerTo?.question.length ?? 0,
      match_examples: t.examples.match.length,
      no_match_examples: t.examples.noMatch.length,
      line: t.pos.line,
    };
  });
  const cols = ['theme', 'parent', 'depth', 'label', 'patterns', 'words', 'globs', 'phrases', 'regexes', 'unanchored', 'exclude', 'answer_patterns', 'question_patterns', 'match_examples', 'no_match_examples', 'line'];
  const table: Table = {
    name: 'themes',
    columns: cols.map((key) => ({ key, format: ['theme', 'parent', 'label'].includes(key) ? 'text' : 'int' })),
    rows,
  };
  return { tables: [table], display: [], preface: tree(cb) };
}

/**
 * The theme's regular expressions (patterns, excludes, answer patterns) the prefilter cannot anchor
 * (prefilter.ts, RegexFilter.anchor): they are scanned through a turn rather than tried only at the
 * tokens where a match can start. One that starts with `^` is tried at the turn's start only.
 */
function slowRegexes(t: Theme): Pattern[] {
  const all = [...t.patterns, ...t.exclude, ...(t.inAnswerTo?.patterns ?? [])];
  return all.filter((p) => p.kind === 'regex' && !(p.regex.source.startsWith('^') && !p.regex.flags.includes('m')) && regexFilter(p.regex.source, p.regex.flags).anchor === null);
}

function tree(cb: Codebook): string {
  const total = (f: (t: Theme) => number) => cb.themes.reduce((s, t) => s + f(t), 0);
  const lines = [
    `${cb.path}: OK — "${cb.name}", ${cb.themes.length} themes, ${total((t) => t.patterns.length)} patterns, ${total((t) => t.exclude.length)} exclusions, ${total((t) => t.examples.match.length + t.examples.noMatch.length)} examples`,
  ];
  const byId = new Map(cb.themes.map((t) => [t.id, t]));
  const walk = (ids: string[], prefix: string) => {
    ids.forEach((id, i) => {
      const t = byId.get(id)!;
      const last = i === ids.length - 1;
      const counts = [`${t.patterns.length} pattern${t.patterns.length === 1 ? '' : 's'}`];
      if (t.exclude.length) counts.push(`${t.exclude.length} exclude`);
      if (t.inAnswerTo) counts.push(`${t.inAnswerTo.patterns.length} in answer to ${t.inAnswerTo.question.length} question pattern${t.inAnswerTo.question.length === 1 ? '' : 's'}`);
      if (t.examples.match.length + t.examples.noMatch.length) counts.push(`${t.examples.match.length}+${t.examples.noMatch.length} examples`);
      const slow = slowRegexes(t).length;
      if (slow) counts.push(`${slow} unanchored regex${slow === 1 ? '' : 'es'}`);
      if (t.patterns.length === 0 && t.children.length === 0 && !t.inAnswerTo) counts.push('never codes: no patterns');
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${t.id}  ${t.label}  (${counts.join(', ')})`);
      walk(t.children, prefix + (last ? '   ' : '│  '));
    });
  };
  walk(cb.themes.filter((t) => t.parent === null).map((t) => t.id), '');
  const slow = cb.themes.flatMap(slowRegexes);
  if (slow.length > 0) {
    const at = slow.slice(0, 12).map((p) => `${p.pos.line}:${p.pos.col}`).join(', ');
    lines.push(`${slow.length} regular expression${slow.length === 1 ? ' is' : 's are'} unanchored: tried at every position of the turns that hold their literals, not only where a match can start (slower; begin every alternative with a word of 3+ letters, or move a short first word into a lookbehind): line ${at}${slow.length > 12 ? ', …' : ''}`);
  }
  const a = cb.agreement;
  if (a) {
    const n = a.examples.match.length + a.examples.noMatch.length;
    lines.push(`agreement: ${a.patterns.length} pattern${a.patterns.length === 1 ? '' : 's'}, turns of at most ${a.maxWords} words${n ? `, ${a.examples.match.length}+${a.examples.noMatch.length} examples` : ''}`);
  }
  return lines.join('\n') + '\n';
}

export interface TestResult {
  output: Output;
  failed: number;
}

export async function test(options: { codebook?: string; cache?: string | null }, color: (ok: boolean, s: string) => string): Promise<TestResult> {
  const cb = await findCodebook(options.codebook, process.cwd(), options.cache ?? null);
  const matcher = compile(cb);
  const rows: Table['rows'] = [];
  const lines: string[] = [];
  let failed = 0;
  for (const t of cb.themes) {
    for (const [expect, list] of [['match', t.examples.match], ['no_match', t.examples.noMatch]] as const) {
      for (const ex of list) {
        const question = ex.question === null ? null : new Question(matcher, ex.question);
        const coded = codeAnswer(matcher, ex.text, question).some((c) => c.theme === t.id);
        const pass = coded === (expect === 'match');
        if (!pass) failed++;
        rows.push({ theme: t.id, expect, result: pass ? 'pass' : 'fail', line: ex.pos.line, example: ex.text, question: ex.question });
        const mark = color(pass, pass ? 'PASS' : 'FAIL');
        const context = ex.question === null ? '' : ` (answering "${ex.question}")`;
        lines.push(`${mark} ${t.id} ${expect === 'match' ? 'should match' : 'should not match'}: "${ex.text}"${context}${pass ? '' : `  (${cb.path}:${ex.pos.line}:${ex.pos.col})`}`);
      }
    }
  }
  // The agreement rule's examples: is the turn a bare agreement (it would carry the turn before's themes)?
  for (const [expect, list] of [['match', cb.agreement?.examples.match ?? []], ['no_match', cb.agreement?.examples.noMatch ?? []]] as const) {
    for (const ex of list) {
      const pass = (agreementSpan(matcher, ex.text) !== null) === (expect === 'match');
      if (!pass) failed++;
      rows.push({ theme: 'agreement', expect, result: pass ? 'pass' : 'fail', line: ex.pos.line, example: ex.text, question: null });
      lines.push(`${color(pass, pass ? 'PASS' : 'FAIL')} agreement ${expect === 'match' ? 'should be' : 'should not be'} a bare agreement: "${ex.text}"${pass ? '' : `  (${cb.path}:${ex.pos.line}:${ex.pos.col})`}`);
    }
  }
  const passed = rows.length - failed;
  if (rows.length === 0) lines.push('the codebook has no examples to test (add `examples: {match: [...], no_match: [...]}` to its themes)');
  lines.push('', `${passed} passed, ${failed} failed`);
  const table: Table = {
    name: 'tests',
    columns: [
      { key: 'theme', format: 'text' },
      { key: 'expect', format: 'text' },
      { key: 'result', format: 'text' },
      { key: 'line', format: 'int' },
      { key: 'example', format: 'text' },
      { key: 'question', format: 'text' },
    ],
    rows,
  };
  return { output: { tables: [table], display: [], preface: lines.join('\n') + '\n' }, failed };
}
