// The researcher's workflow on the mini study: excerpts, agree, matrix, cooccur.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../src/analyse/redact.js';
import { cli, MINI, tmp } from './helpers.js';

const T = path.join(MINI, 'transcripts');
const CB = path.join(MINI, 'codebook.yaml');
const ANNA = path.join(MINI, 'codings-anna.csv');
const BEN = path.join(MINI, 'codings-ben.csv');
const rows = (args: string[]) => {
  const r = cli([...args, '-c', CB, '-q']);
  expect(r.code, r.stderr).toBe(0);
  return parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
};

describe('excerpts', () => {
  it('a parent theme includes the quotes of its sub-themes, grouped by group', () => {
    const r = rows(['excerpts', T, '--theme', 'parity', '-f', 'csv']);
    expect(r.map((x) => [x.group, x.segment, x.hits, x.matched])).toEqual([
      ['board', 'INT-03#2', '1', 'hierarchy'],
      ['focus-group', 'FG1#3', '1', 'feel respected'],
      ['service-lead', 'INT-01#2', '5', 'Valued;hierarchical;pecking order;hierarchical;hierarchy'],
      ['service-lead', 'INT-02#4', '1', 'Parity of esteem'],
    ]);
  });
  it('--group and --participant filter; --context adds the turns around each quote', () => {
    const r = rows(['excerpts', T, '--theme', 'leadership', '--participant', 'FG-1', '--context', '1', '-f', 'csv']);
    expect(r.map((x) => x.segment)).toEqual(['FG1#2', 'FG1#5']);
    expect(r[0]!.context_before).toBe('Facilitator: Welcome. Does leadership matter?');
    expect(r[0]!.context_after).toBe('P2: I feel respected by AHP leads.');
    expect(rows(['excerpts', T, '--theme', 'leadership', '--group', 'service-lead', '-f', 'csv'])).toEqual([]);
  });
  it('highlights matched words as **bold** in Markdown and with colour only on request', () => {
    const md = cli(['excerpts', T, '-c', CB, '--theme', 'hierarchy', '-f', 'md', '-q']).stdout;
    expect(md).toContain('## hierarchy: Hierarchy');
    expect(md).toContain('> Valued, yes, but psychology is **hierarchical** and we sit low in the **pecking order**.');
    expect(md).toContain('*P01 · INT-01#2 · tests/fixtures/mini/transcripts/INT-01.txt:8 · 00:00:12 · 4 hits*');
    const plain = cli(['excerpts', T, '-c', CB, '--theme', 'hierarchy', '-q']).stdout;
    expect(plain).not.toMatch(/\x1b\[/);
    expect(cli(['excerpts', T, '-c', CB, '--theme', 'hierarchy', '-q'], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(/\x1b\[1m\x1b\[33mhierarchical/);
  });
  it('an unknown --theme is a usage error', () => {
    const r = cli(['excerpts', T, '-c', CB, '--theme', 'hierachy', '-q']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^adm-code: --theme hierachy: no such theme in .*codebook\.yaml/);
  });
  it('--redact removes labels, listed names, e-mails, UK phone and NHS numbers in every format', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 't.txt'), '---\nid: R\n---\nInterviewer: Go on.\nP7: Our leader, Jane Smith, said P7 should email jane.smith@nhs.net or ring 07700 900123 or +44 (0)20 7946 0958; NHS number 943 476 5919.\n');
    writeFileSync(path.join(dir, 'names.txt'), '# names to remove\nJane Smith\n');
    for (const format of ['csv', 'json', 'md', 'table']) {
      const out = cli(['excerpts', path.join(dir, 't.txt'), '-c', CB, '--theme', 'leadership', '--redact-file', path.join(dir, 'names.txt'), '-f', format, '-q']).stdout;
      expect(out, format).toContain('[REDACTED]');
      for (const secret of ['Jane', 'jane.smith', '07700', '7946', '943 476', 'P7']) expect(out, `${format}: ${secret}`).not.toContain(secret);
    }
  });
  it('Redactor: phone and NHS-number shapes, names as whole words only', () => {
    const r = new Redactor(['Ann', 'P1']);
    expect(r.apply('Ann and Annabel; P1 and P10; call 0161 496 0000 or (0161) 4960000; 1234567890; 12345')).toBe(
      '[REDACTED] and Annabel; [REDACTED] and P10; call [REDACTED] or [REDACTED]; [REDACTED]; 12345',
    );
  });
});

describe('agree', () => {
  it("two coders: per-theme table with kappa and alpha, checked by hand (see tests/fixtures/mini/codings-*.csv)", () => {
    const r = rows(['agree', T, '--codings', ANNA, '--codings', BEN, '-f', 'csv']);
    expect(r.map((x) => Object.values(x).join(','))).toEqual([
      'parity,10,2,1,0,7,90.0,0.737,0.747,,,',
      'hierarchy,10,1,1,0,8,90.0,0.615,0.627,,,',
      'valued,10,1,0,1,8,90.0,0.615,0.627,,,',
      // leadership: po = 0.8, pe = 0.3·0.3 + 0.7·0.7 = 0.58, kappa = 0.22/0.42 = 0.524;
      // alpha = 1 − (N−1)·d/(n0·n1) = 1 − 19·2/(14·6) = 0.548
      'leadership,10,2,1,1,6,80.0,0.524,0.548,,,',
      'evidence,10,1,0,1,8,90.0,0.615,0.627,,,',
      // all pools the four themes without sub-themes: po = 35/40, pe = 0.175·0.2 + 0.825·0.8
      'all,40,5,2,3,30,87.5,0.590,0.595,,,',
    ]);
  });
  it('--auto: the file is the reference; precision, recall and F1 of the rules', () => {
    const r = rows(['agree', T, '--codings', ANNA, '--auto', '-f', 'csv']);
    expect(r.find((x) => x.theme === 'valued')).toMatchObject({ both: '1', only_a: '0', only_b: '1', precision: '0.500', recall: '1.000', f1: '0.667' });
    expect(r.find((x) => x.theme === 'all')).toMatchObject({ precision: '0.750', recall: '0.857', f1: '0.800' });
  });
  it('--disagreements lists every segment coded differently, and who coded it', () => {
    const r = rows(['agree', T, '--codings', ANNA, '--codings', BEN, '--disagreements', '-f', 'csv', '-t', 'disagreements']);
    expect(r.map((x) => [x.segment, x.theme, x.coded_by])).toEqual([
      ['INT-03#2', 'parity', 'anna'],
      ['INT-03#2', 'hierarchy', 'anna'],
      ['INT-01#2', 'valued', 'ben'],
      ['FG1#3', 'leadership', 'ben'],
      ['FG1#5', 'leadership', 'anna'],
      ['INT-02#4', 'evidence', 'ben'],
    ]);
  });
  it('--min-kappa gates a pipeline: exit 1 below, 0 above; the table is still printed', () => {
    const low = cli(['agree', T, '-c', CB, '--codings', ANNA, '--codings', BEN, '--min-kappa', '0.6', '-f', 'csv', '-q']);
    expect(low.code).toBe(1);
    expect(low.stderr).toBe('adm-code: kappa below 0.6 for: leadership\n');
    expect(low.stdout).toMatch(/^theme,segments/);
    expect(cli(['agree', T, '-c', CB, '--codings', ANNA, '--codings', BEN, '--min-kappa', '0.5', '-q']).code).toBe(0);
  });
  it('plain-language bands beside the numbers', () => {
    const out = cli(['agree', T, '-c', CB, '--codings', ANNA, '--codings', BEN, '-q']).stdout;
    expect(out).toMatch(/leadership +│ +2 │ +1 │ +1 │ +80\.0 │ +0\.524 │ moderate/);
  });
  it('bad codings files are errors with file and line', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'bad.csv'), 'document,segment,theme\nINT-01,INT-01#3,hierarchy\n');
    const r = cli(['agree', T, '-c', CB, '--codings', path.join(dir, 'bad.csv'), '--auto']);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(/bad\.csv:2: segment `INT-01#3` is not a participant segment of the transcripts\n$/);
    writeFileSync(path.join(dir, 'bad2.csv'), 'document,segment,theme\nINT-01,INT-01#2,hierarchie\n');
    expect(cli(['agree', T, '-c', CB, '--codings', path.join(dir, 'bad2.csv'), '--auto']).stderr).toMatch(/bad2\.csv:2: unknown theme `hierarchie`/);
    expect(cli(['agree', T, '-c', CB, '--codings', ANNA]).code).toBe(2);
  });
});

describe('matrix and cooccur', () => {
  it('matrix: one row per participant with group, attributes and coded segments per theme', () => {
    const r = rows(['matrix', T]);
    expect(r.map((x) => [x.participant, x.group, x.profession, x.leadership, x.parity])).toEqual([
      ['FG-1', 'focus-group', 'art-therapist;music-therapist', '2', '0'],
      ['FG-2', 'focus-group', 'dramatherapist', '1', '1'],
      ['P01', 'service-lead', 'art-therapist', '0', '1'],
      ['P02', 'service-lead', 'music-therapist', '0', '1'],
      ['P03', 'board', 'psychologist', '0', '1'],
    ]);
    expect(rows(['matrix', T, '--binary']).map((x) => x.leadership)).toEqual(['1', '1', '0', '0', '0']);
  });
  it('cooccur: long form with segments, participants and Jaccard; a parent and its own sub-themes are not paired', () => {
    const r = rows(['cooccur', T, '-f', 'csv']);
    expect(r.find((x) => x.theme_a === 'hierarchy' && x.theme_b === 'valued')).toEqual({ theme_a: 'hierarchy', theme_b: 'valued', segments: '1', participants: '1', jaccard: '0.333' });
    expect(r.some((x) => x.theme_a === 'parity' && (x.theme_b === 'hierarchy' || x.theme_b === 'valued'))).toBe(false);
    // P02 has parity (INT-02#4) and evidence (INT-02#2) in different segments: a participant pair, not a segment pair.
    expect(r.find((x) => x.theme_a === 'parity' && x.theme_b === 'evidence')).toMatchObject({ segments: '0', participants: '1' });
  });
});
