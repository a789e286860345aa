// `adm-code speakers` and coding units (`--unit paragraph|sentence`).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../src/analyse/speakers.js';
import { parseDocument } from '../src/read/index.js';
import { segment } from '../src/segment/index.js';
import { splitUnits } from '../src/segment/units.js';
import { cli, MINI, SHARED, tmp } from './helpers.js';

const CB = path.join(MINI, 'codebook.yaml');
const csv = (args: string[]) => {
  const r = cli([...args, '-f', 'csv', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
};

describe('adm-code speakers', () => {
  const dir = tmp();
  writeFileSync(
    path.join(dir, 'messy.txt'),
    ['Interviewer: Hello', 'PARTICIPANT 18: Hi there.', 'Interviwer: So?', 'PARTTICIPANT 18: Yes.', '40:20 PARTICIPANT 18 and then I said', 'Participant 18: more', 'P1: a', 'P2: b', 'P2: c', 'P1: d', '[00:10] RESEARCHER:', 'A question on the next line?'].join('\n'),
  );
  it('lists labels per document with role, turns, words and flags', () => {
    const rows = csv(['speakers', path.join(dir, 'messy.txt')]);
    const by = Object.fromEntries(rows.map((r) => [r.label, r]));
    expect(Object.keys(by)).toEqual(['Interviewer', 'PARTICIPANT 18', 'Interviwer', 'PARTTICIPANT 18', 'Participant 18', 'P1', 'P2', 'RESEARCHER']);
    expect(by['Interviewer']).toMatchObject({ role: 'interviewer', turns: '1', words: '1', first_line: '1' });
    expect(by['RESEARCHER']).toMatchObject({ role: 'interviewer', turns: '1', words: '6', first_line: '11' });
    expect(by['Interviwer']!.flags).toBe('only 1 turn; 1 character from `Interviewer`');
    expect(by['PARTTICIPANT 18']!.flags).toContain('1 character from `PARTICIPANT 18`');
    expect(by['Participant 18']!.flags).toContain('differs only by case from `PARTICIPANT 18`');
    // P1 and P2 differ only in their number: different people, not a typo.
    expect(by['P1']!.flags).toBe('');
    expect(by['P2']!.flags).toBe('');
  });
  it('finds a timestamp and a known label with the colon missing', () => {
    expect(csv(['speakers', path.join(dir, 'messy.txt'), '-t', 'missing-colon'])).toEqual([{ document: 'messy', line: '5', label: 'PARTICIPANT 18', text: '40:20 PARTICIPANT 18 and then I said' }]);
  });
  it('needs no codebook; --interviewer sets roles (PriMock57: Doctor and Patient in all 57 consultations)', () => {
    const rows = csv(['speakers', path.join(SHARED, 'data', 'primock57', 'transcripts'), '--interviewer', 'Doctor']);
    expect(rows).toHaveLength(114);
    expect(new Set(rows.map((r) => `${r.label}:${r.role}`))).toEqual(new Set(['Doctor:interviewer', 'Patient:participant']));
  });
  it('editDistance', () => {
    expect([editDistance('interviewer', 'interviwer'), editDistance('kitten', 'sitting'), editDistance('', 'abc')]).toEqual([1, 3, 3]);
  });
});

describe('coding units', () => {
  const doc = parseDocument(Buffer.from('---\nid: U\n---\nP1: Dr. Smith leads. We lead too!\nSecond line? Yes.\n\nA new paragraph about leadership.\nP2: One.\n'), 'u.txt');
  const turn = segment(doc)[0]!;
  it('paragraph: blank-line separated, ids TURN.K, lines where each starts', () => {
    expect(splitUnits(turn, 'paragraph').map((s) => [s.id, s.line, s.text])).toEqual([
      ['U#1.1', 4, 'Dr. Smith leads. We lead too!\nSecond line? Yes.'],
      ['U#1.2', 7, 'A new paragraph about leadership.'],
    ]);
  });
  it('sentence: Unicode sentence breaks, not after abbreviations such as Dr.', () => {
    expect(splitUnits(turn, 'sentence').map((s) => [s.id, s.line, s.text])).toEqual([
      ['U#1.1', 4, 'Dr. Smith leads.'],
      ['U#1.2', 4, 'We lead too!'],
      ['U#1.3', 5, 'Second line?'],
      ['U#1.4', 5, 'Yes.'],
      ['U#1.5', 7, 'A new paragraph about leadership.'],
    ]);
  });
  it('turn is the turn itself', () => {
    expect(splitUnits(turn, 'turn')).toEqual([turn]);
  });
  it('tally counts coded units; code ids are stable unit ids', () => {
    const T = path.join(MINI, 'transcripts', 'INT-01.txt');
    const turns = csv(['tally', T, '-c', CB]).find((r) => r.theme === 'hierarchy' && r.group === 'all')!;
    const sentences = csv(['tally', T, '-c', CB, '--unit', 'sentence']).find((r) => r.theme === 'hierarchy' && r.group === 'all')!;
    expect([turns.excerpts, turns.hits, turns.participants]).toEqual(['1', '4', '1']);
    expect([sentences.excerpts, sentences.hits, sentences.participants]).toEqual(['2', '4', '1']);
    expect(csv(['code', T, '-c', CB, '--unit', 'sentence']).filter((r) => r.theme === 'hierarchy').map((r) => [r.segment, r.line])).toEqual([
      ['INT-01#2.1', '8'],
      ['INT-01#2.2', '9'],
    ]);
  });
});
