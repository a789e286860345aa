// Real speech: the PriMock57 consultations (../shared/data/primock57, CC BY 4.0, never copied here).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../src/read/index.js';
import { segment } from '../src/segment/index.js';
import { writeFileSync } from 'node:fs';
import { cli, MINI, SHARED, tmp } from './helpers.js';

const SYMPTOMS = path.join(tmp(), 'symptoms.yaml');
writeFileSync(SYMPTOMS, 'name: Symptoms\nthemes:\n  pain:\n    patterns: [pain*, ache*, cramp*]\n  fever:\n    patterns: [fever*, temperature, "/\\bhot\\b/i"]\n');

const DIR = path.join(SHARED, 'data', 'primock57', 'transcripts');
const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();

describe('PriMock57 consultations', () => {
  it('all 57 files are there', () => expect(files).toHaveLength(57));
  it('every line is one turn of Doctor or Patient; with --interviewer Doctor only Patient turns are coded', () => {
    for (const f of files) {
      const text = readFileSync(path.join(DIR, f), 'utf8');
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      const segs = segment(parseDocument(Buffer.from(text), f), { interviewers: ['Doctor'] });
      expect(segs.length, f).toBe(lines.length);
      expect(new Set(segs.map((s) => s.speaker)), f).toEqual(new Set(['Doctor', 'Patient']));
      expect(segs.filter((s) => !s.interviewer).length, f).toBe(lines.filter((l) => l.startsWith('Patient:')).length);
    }
  });
  it('tally runs on the folder and counts one participant (Patient) per consultation document', () => {
    const r = cli(['tally', DIR, '-c', path.join(MINI, 'codebook.yaml'), '--interviewer', 'Doctor', '-f', 'csv', '-q']);
    expect(r.code).toBe(0);
    // Every file's patient is labelled `Patient`: one participant, `ungrouped`.
    expect(r.stdout.split('\n')[1]).toMatch(/^parity,Parity of esteem,ungrouped,1,/);
  });
  it('code output is identical run to run', () => {
    const a = cli(['code', DIR, '-c', SYMPTOMS, '--interviewer', 'Doctor', '-f', 'csv', '-q']);
    const b = cli(['code', DIR, '-c', SYMPTOMS, '--interviewer', 'Doctor', '-f', 'csv', '-q']);
    expect(a.code).toBe(0);
    const rows = a.stdout.split('\n').filter((l) => l.startsWith('day'));
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.every((l) => l.split(',')[4] === 'Patient')).toBe(true);
    expect(a.stdout).toBe(b.stdout);
  });
});
