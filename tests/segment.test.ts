import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDocument } from '../src/read/index.js';
import { DEFAULT_INTERVIEWERS, labelKey, matchTurnStart, segment } from '../src/segment/index.js';

const doc = (text: string, name = 'INT-07.txt') => parseDocument(new TextEncoder().encode(text), name);
const turns = (text: string, interviewers?: string[]) =>
  segment(doc(text), { interviewers }).map((s) => [s.id, s.line, s.speaker, s.participant, s.interviewer, s.start, s.text] as const);

describe('turn labels (SPEC §1)', () => {
  it.each(['P07', 'Participant 3', 'Dr Smith', 'SPEAKER 1', 'FG1-P2', 'Dr. Smith', 'Interviewer', 'I', 'Q', 'Ana María López'])('accepts %s', (label) => {
    expect(matchTurnStart(`${label}: some text`)?.label).toBe(label);
  });
  it.each([
    ['7:30 we met', 'a number alone is not a label'],
    ['What matters is this: we lead.', 'words that start lower-case'],
    ['one Two: text', 'first word lower-case'],
    ['A B C D E: text', 'five words'],
    ['Https://example.org', 'no space after the colon'],
    ['Abcdefghijklmnopqrstuvwxyz Abcdefghijklmnopqrstuvwxyz: x', 'over 40 characters'],
    ['2023: a year', 'no letter'],
  ])('rejects %j (%s)', (line) => {
    expect(matchTurnStart(line)).toBeNull();
  });
  it('takes a timestamp before the label', () => {
    expect(matchTurnStart('[00:12:31] P07: Good communication.')).toEqual({ label: 'P07', start: '00:12:31', textAt: 16 });
    expect(matchTurnStart('00:12:31 P07: x')?.start).toBe('00:12:31');
    expect(matchTurnStart('(12:31) P07: x')?.start).toBe('12:31');
    expect(matchTurnStart('[1:02:03.250] SPEAKER 2: x')).toMatchObject({ label: 'SPEAKER 2', start: '1:02:03.250' });
  });
  it('a label alone on its line starts a turn whose text follows', () => {
    expect(turns('[00:10] RESEARCHER:\nWhat do you do?\nP1: Art.')).toEqual([
      ['INT-07#1', 1, 'RESEARCHER', 'RESEARCHER', true, '00:10', '\nWhat do you do?'],
      ['INT-07#2', 3, 'P1', 'P1', false, null, 'Art.'],
    ]);
  });
});

describe('segmenting a transcript', () => {
  const text = `---
id: INT-07
group: service-lead
---
Notes before the first turn are not a turn.
Interviewer: Do you feel valued?
P07: Valued, yes, but not understood. Psychology is hierarchical.
This line continues P07's turn.

What matters is this: we lead.
interviewer: What makes dual identity work?
[00:12:31] P07: Good communication and partnerships.
`;
  it('numbers every turn, keeps first lines, continues lines, marks interviewers (any case)', () => {
    expect(turns(text)).toEqual([
      ['INT-07#1', 6, 'Interviewer', 'Interviewer', true, null, 'Do you feel valued?'],
      ['INT-07#2', 7, 'P07', 'P07', false, null, "Valued, yes, but not understood. Psychology is hierarchical.\nThis line continues P07's turn.\n\nWhat matters is this: we lead."],
      ['INT-07#3', 11, 'interviewer', 'interviewer', true, null, 'What makes dual identity work?'],
      ['INT-07#4', 12, 'P07', 'P07', false, '00:12:31', 'Good communication and partnerships.'],
    ]);
  });
  it('every default interviewer label is an interviewer', () => {
    const labels = ['Interviewer', 'Facilitator', 'Moderator', 'Researcher', 'I', 'Q', 'MODERATOR'];
    const segs = segment(doc(labels.map((l) => `${l}: x`).join('\n') + '\nP1: y'));
    expect(segs.map((s) => s.interviewer)).toEqual([true, true, true, true, true, true, true, false]);
  });
  it('front matter `interviewer` replaces the defaults; --interviewer adds to them', () => {
    const t = '---\ninterviewer: [Dr Jones]\n---\nDr Jones: q\nInterviewer: a\n';
    expect(segment(doc(t)).map((s) => s.interviewer)).toEqual([true, false]);
    expect(segment(doc('Doctor: q\nPatient: a'), { interviewers: ['doctor'] }).map((s) => s.interviewer)).toEqual([true, false]);
  });
  it('`speakers` renames labels to participant ids (case-insensitively) and gives the group', () => {
    const t = '---\nid: FG1\ngroup: focus-group\nspeakers:\n  P1: FG1-P1\n  p2: FG1-P2\n---\nP1: a\nP2: b\nP3: c\n';
    expect(segment(doc(t)).map((s) => [s.speaker, s.participant, s.documentGroup])).toEqual([
      ['P1', 'FG1-P1', 'focus-group'],
      ['P2', 'FG1-P2', 'focus-group'],
      ['P3', 'P3', 'focus-group'],
    ]);
  });
  it('labels named in the front matter start turns even without the usual shape', () => {
    const t = '---\ninterviewer: [int]\nspeakers:\n  respondent one: R1\n---\nint: question\nrespondent one: answer\n';
    expect(segment(doc(t)).map((s) => [s.participant, s.interviewer, s.text])).toEqual([
      ['int', true, 'question'],
      ['R1', false, 'answer'],
    ]);
  });
  it('document id defaults to the file name without extension', () => {
    expect(segment(doc('P1: x', 'folder/Interview 3.md'))[0]!.id).toBe('Interview 3#1');
  });
  it('a transcript without labels has no turns', () => {
    expect(segment(doc('just some notes\nand more'))).toEqual([]);
  });
  it('line numbers count the front matter and survive CRLF and CR line ends', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const segs = segment(doc(['---', 'id: X', '---', '', 'P1: a', 'b', 'P2: c'].join(eol)));
      expect(segs.map((s) => [s.line, s.text])).toEqual([[5, 'a\nb'], [7, 'c']]);
    }
  });
  it('property: never throws and every turn starts on a line the matcher accepts', () => {
    // The segmenter also knows the default interviewer labels, case-insensitively (`i: …`, `q: …`).
    const known = new Set(DEFAULT_INTERVIEWERS.map(labelKey));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('P1: a', 'Interviewer: b', '[00:01] Q: c', 'i: d', 'q:', '')), { maxLength: 30 }), (lines) => {
        const d = doc(lines.join('\n').replace(/^---/, 'x'));
        for (const s of segment(d)) expect(matchTurnStart(d.lines[s.line - d.firstLine]!, known)).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
