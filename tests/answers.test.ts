// `in_answer_to` rules: patterns that code a participant's turn only as an answer to a matching
// question (the interviewer's turn just before it).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { codeAnswer, Question, withSpans } from '../src/code/answers.js';
import { codeText, codeWithAnswers } from '../src/code/match.js';
import { readDocument } from '../src/read/index.js';
import { segment } from '../src/segment/index.js';
import { compile } from '../src/codebook/compile.js';
import { parseCodebook } from '../src/codebook/load.js';
import type { AdmError } from '../src/cli/errors.js';
import { cli, folderState, ROOT, tmp } from './helpers.js';

const CODEBOOK = `name: answers
themes:
  parity-ahp:
    label: Parity with AHPs
    patterns: [parity with ahps]
    themes:
      valued-by-ahps:
        label: Valued by AHPs
        patterns: [/AHPs? (value|welcome)s? us/i]
        exclude: [/not (really )?(valued|welcomed?)/i]
        in_answer_to:
          question: [ahp*, allied health]
          patterns: [welcom*, valued, lovely, made us feel]
        examples:
          match:
            - "The AHPs welcome us."
            - {question: "Do you feel valued by the AHPs?", answer: "Yes, they've been lovely."}
          no_match:
            - "They've been lovely."
            - {question: "Do you feel valued by psychology?", answer: "Yes, they've been lovely."}
            - {question: "And the AHPs?", answer: "Honestly, not really valued."}
  other:
    label: Other
    patterns: [lovely weather]
`;

const cb = parseCodebook(CODEBOOK, 'cb.yaml');
const m = compile(cb);
const answer = (question: string | null, text: string) => codeAnswer(m, text, question === null ? null : new Question(m, question));
const askedThemes = (_: unknown, q: string) => new Question(m, q).themes();

describe('in_answer_to: loading', () => {
  it('reads the rule and mapping examples', () => {
    const t = cb.themes.find((x) => x.id === 'valued-by-ahps')!;
    expect(t.inAnswerTo!.question.map((p) => p.source)).toEqual(['ahp*', 'allied health']);
    expect(t.inAnswerTo!.patterns.map((p) => p.source)).toEqual(['welcom*', 'valued', 'lovely', 'made us feel']);
    expect(t.inAnswerTo!.pos.line).toBe(11);
    expect(t.examples.match[1]).toMatchObject({ text: "Yes, they've been lovely.", question: 'Do you feel valued by the AHPs?' });
    expect(t.examples.match[0]!.question).toBeNull();
  });

  it('refuses a rule that is not a mapping, unknown keys and missing lists, with positions', () => {
    const fmt = (yaml: string) => {
      try {
        parseCodebook(`name: x\nthemes:\n  t:\n    label: T\n    patterns: [a]\n${yaml}`, 'cb.yaml');
      } catch (e) {
        return (e as AdmError).format();
      }
      return 'no error';
    };
    expect(fmt('    in_answer_to: [a]\n')).toBe('cb.yaml:6:19: theme `t`: `in_answer_to` must have `question` and `patterns` lists');
    expect(fmt('    in_answer_to: {question: [a], patterns: [b], when: [c]}\n')).toBe('cb.yaml:6:50: theme `t`: `in_answer_to`: unknown key `when` (allowed: question, patterns)');
    expect(fmt('    in_answer_to: {patterns: [b]}\n')).toBe("cb.yaml:6:19: theme `t`: `in_answer_to` needs a `question` list: patterns the interviewer's question must match");
    expect(fmt('    in_answer_to: {question: [a]}\n')).toBe('cb.yaml:6:19: theme `t`: `in_answer_to` needs a `patterns` list: patterns that code the answer');
    expect(fmt('    in_answer_to: {question: [a], patterns: ["/(/"]}\n')).toMatch(/^cb\.yaml:6:46: theme `t`: in_answer_to\.patterns pattern \/\(\/ is not a valid regular expression/);
    expect(fmt('    in_answer_to: {question: ["  "], patterns: [b]}\n')).toBe('cb.yaml:6:31: theme `t`: in_answer_to.question pattern is empty');
    expect(fmt('    examples: {match: [{question: q}]}\n')).toBe('cb.yaml:6:24: theme `t`: an example written as a mapping needs both `question` and `answer`');
    expect(fmt('    examples: {match: [{question: q, answer: a, note: n}]}\n')).toBe('cb.yaml:6:49: theme `t`: example: unknown key `note` (allowed: question, answer)');
  });
});

describe('in_answer_to: matching', () => {
  it('codes an answer only after a question that matches, with the answer words as hits', () => {
    const q = 'And do you feel valued by the AHPs, the allied health professions?';
    const coded = answer(q, "Yes, they've been lovely, and they made us feel welcome.");
    expect(coded.map((c) => c.theme)).toEqual(['parity-ahp', 'valued-by-ahps']);
    const v = coded.find((c) => c.theme === 'valued-by-ahps')!;
    const text = "Yes, they've been lovely, and they made us feel welcome.";
    // Touching spans are separate mentions (SPEC §1: only overlapping spans merge).
    expect(v.spans.map(([a, b]) => text.slice(a, b))).toEqual(['lovely', 'made us feel', 'welcome']);
    expect(v.hits).toBe(3);
    // The parent is the union of its sub-themes, recomputed.
    expect(coded[0]).toMatchObject({ theme: 'parity-ahp', hits: 3, own: null });
  });

  it('codes nothing from the rule after another question, or with no question', () => {
    expect(answer('Do you feel valued by psychology?', "Yes, they've been lovely.")).toEqual([]);
    expect(answer(null, "Yes, they've been lovely.")).toEqual([]);
    expect(askedThemes(m, 'Tell me about your week.').size).toBe(0);
    expect([...askedThemes(m, 'What about the AHP lead?')]).toEqual(['valued-by-ahps']);
  });

  it("respects the theme's exclude patterns", () => {
    expect(answer('And the AHPs?', "Not really valued, no, though they're lovely people.")).toEqual([]);
  });

  it("adds to the theme's own matches: overlapping spans merge into one hit", () => {
    const text = 'The AHPs welcome us, truly.';
    const coded = answer('Valued by AHPs?', text);
    const v = coded.find((c) => c.theme === 'valued-by-ahps')!;
    expect(v.spans.map(([a, b]) => text.slice(a, b))).toEqual(['AHPs welcome us']);
    expect(v.hits).toBe(1);
    expect(answer(null, text).find((c) => c.theme === 'valued-by-ahps')!.hits).toBe(1);
  });

  it('leaves other themes as they were', () => {
    const coded = answer('AHPs?', 'Lovely weather and lovely colleagues.');
    expect(coded.map((c) => [c.theme, c.hits])).toEqual([
      ['parity-ahp', 2],
      ['valued-by-ahps', 2],
      ['other', 1],
    ]);
  });
});

describe('in_answer_to: the question is the interviewer turn just before', () => {
  const dir = tmp();
  const cbPath = path.join(dir, 'cb.yaml');
  writeFileSync(cbPath, CODEBOOK);
  const tr = path.join(dir, 'transcripts');
  mkdirSync(tr);
  writeFileSync(
    path.join(tr, 'fg.txt'),
    [
      '---',
      'id: FG',
      'group: focus-group',
      '---',
      'Facilitator: Do you feel valued by the AHPs?',
      "P1: Yes, they've been lovely.",
      'P2: Same here, very welcoming.',
      'Facilitator: Can you give an example?',
      'P1: They were lovely at the away day.',
      'Facilitator: And the allied health leads?',
      'P3: Valued, yes.',
      'Facilitator: Do you feel valued by the AHPs? {#other}',
      'P3: Welcomed, mostly.',
    ].join('\n') + '\n',
  );
  writeFileSync(path.join(tr, 'int.txt'), ['---', 'id: INT', 'group: service-lead', '---', 'P9: They have been lovely.', 'Interviewer: Thank you.'].join('\n') + '\n');

  it('in `code`: answers to the AHP question are coded; an answer to a probe is not', () => {
    const r = cli(['code', tr, '-c', cbPath, '-f', 'csv', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const rows = (parse(r.stdout, { columns: true }) as Array<Record<string, string>>).filter((x) => x.theme === 'valued-by-ahps');
    expect(rows.map((x) => [x.segment, x.matched])).toEqual([
      ['FG#2', 'lovely'],
      ['FG#3', 'welcoming'],
      ['FG#7', 'Valued'],
      ['FG#9', 'Welcomed'],
    ]);
  });

  it('with --unit sentence every sentence of an answer has the turn\'s question', () => {
    const r = cli(['code', tr, '-c', cbPath, '-f', 'csv', '-q', '--unit', 'sentence']);
    expect(r.code, r.stderr).toBe(0);
    const rows = (parse(r.stdout, { columns: true }) as Array<Record<string, string>>).filter((x) => x.theme === 'valued-by-ahps');
    expect(rows.map((x) => [x.segment, x.matched])).toEqual([
      ['FG#2.1', 'lovely'],
      ['FG#3.1', 'welcoming'],
      ['FG#7.1', 'Valued'],
      ['FG#9.1', 'Welcomed'],
    ]);
  });

  it('a turn before any question (or in another transcript) has no question', () => {
    const r = cli(['code', tr, '-c', cbPath, '-f', 'csv', '-q']);
    expect(r.stdout).not.toMatch(/^INT,/m);
  });

  it('`codebook test` runs the examples with their questions', () => {
    const r = cli(['codebook', 'test', '-c', cbPath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`PASS valued-by-ahps should match: "Yes, they've been lovely." (answering "Do you feel valued by the AHPs?")`);
    expect(r.stdout).toContain('PASS valued-by-ahps should not match: "They\'ve been lovely."');
    expect(r.stdout).toContain('5 passed, 0 failed');
    const csv = cli(['codebook', 'test', '-c', cbPath, '-f', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('theme,expect,result,line,example,question');
  });

  it('`codebook check` counts the rule', () => {
    const r = cli(['codebook', 'check', '-c', cbPath]);
    expect(r.stdout).toContain('valued-by-ahps  Valued by AHPs  (1 pattern, 1 exclude, 4 in answer to 2 question patterns, 2+3 examples)');
  });

  it('a failing example in context fails the run and names its line', () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, CODEBOOK.replace('{question: "Do you feel valued by psychology?", answer: "Yes, they\'ve been lovely."}', '{question: "Do you feel valued by allied health?", answer: "Yes, they\'ve been lovely."}'));
    const before = folderState(dir);
    const r = cli(['codebook', 'test', '-c', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL valued-by-ahps should not match: "Yes, they've been lovely\." \(answering "Do you feel valued by allied health\?"\)  \(.*bad\.yaml:20:15\)/);
    expect(folderState(dir)).toEqual(before);
  });
});

describe('in_answer_to: the answer is coded before its question', () => {
  it('gives, on every turn of the development and validation sets, what coding the question first gives', async () => {
    // The reference: the question's rules first, then only those rules' answer patterns.
    const m = compile(parseCodebook(readFileSync(path.join(ROOT, 'codebooks', 'adm-dual-identity.yaml'), 'utf8'), 'cb.yaml'));
    const reference = (text: string, q: Question) => {
      const mask = q.rules();
      if (mask === null) return codeText(m, text);
      const { codings, answers } = codeWithAnswers(m, text, mask);
      return answers.length === 0 ? codings : withSpans(m, codings, new Map(answers.map((a) => [a.theme, a.spans])));
    };
    let turns = 0;
    let ruled = 0;
    for (const set of ['development', 'validation']) {
      const dir = path.join(ROOT, 'tests', set, 'transcripts');
      for (const f of readdirSync(dir).sort()) {
        const doc = await readDocument(path.join(dir, f), f);
        let question: Question | null = null;
        for (const s of segment(doc, { interviewers: m.codebook.interviewer })) {
          if (s.interviewer) question = new Question(m, s.text);
          else if (question) {
            turns++;
            const got = codeAnswer(m, s.text, question);
            const want = reference(s.text, question);
            expect(got, s.id).toEqual(want);
            if (JSON.stringify(got) !== JSON.stringify(codeText(m, s.text))) ruled++;
          }
        }
      }
    }
    expect(turns).toBeGreaterThan(1500);
    expect(ruled).toBeGreaterThan(50); // the rules do change many turns: the comparison is not empty
  });
});
