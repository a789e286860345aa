// Precision, recall and F1 of the shipped codebook's auto-coding against the hand codes of the
// validation set (tests/validation/): `npm run validation` (prints a Markdown table).
import path from 'node:path';
import { compile } from '../dist/codebook/compile.js';
import { loadCodebook } from '../dist/codebook/load.js';
import { codeText } from '../dist/code/match.js';
import { confusion, withAncestors } from '../dist/analyse/agree.js';
import { readCodings } from '../dist/read/codings.js';
import { resolveInputs } from '../dist/read/files.js';
import { readDocument } from '../dist/read/index.js';
import { segment } from '../dist/segment/index.js';

const root = path.resolve(import.meta.dirname, '..');
const v = path.join(root, 'tests', 'validation');

export async function validate() {
  const cb = await loadCodebook(path.join(root, 'codebooks', 'adm-dual-identity.yaml'), 'codebooks/adm-dual-identity.yaml');
  const matcher = compile(cb);
  const { files } = await resolveInputs([path.join(v, 'transcripts')]);
  const segments = [];
  const auto = new Map();
  for (const f of files) {
    const doc = await readDocument(f, path.relative(root, f));
    for (const s of segment(doc)) {
      if (s.interviewer) continue;
      segments.push(s.id);
      auto.set(s.id, new Set(codeText(matcher, s.text).map((c) => c.theme)));
    }
  }
  const reference = new Map();
  for (const row of await readCodings(path.join(v, 'codings.csv'), 'tests/validation/codings.csv')) {
    if (!segments.includes(row.segment)) throw new Error(`codings.csv:${row.line}: ${row.segment} is not a participant segment`);
    if (!cb.themes.some((t) => t.id === row.theme)) throw new Error(`codings.csv:${row.line}: unknown theme ${row.theme}`);
    if (!reference.has(row.segment)) reference.set(row.segment, new Set());
    reference.get(row.segment).add(row.theme);
  }
  return { themes: cb.themes, rows: confusion(cb.themes, segments, withAncestors(reference, cb.themes), auto) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { themes, rows } = await validate();
  const f = (x) => (x === null ? '–' : x.toFixed(2));
  console.log('| theme | human | auto | both | precision | recall | F1 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const depth = themes.find((t) => t.id === r.theme).depth;
    const name = depth === 0 ? `**${r.theme}**` : `${'&nbsp;'.repeat(4 * depth)}${r.theme}`;
    console.log(`| ${name} | ${r.both + r.onlyReference} | ${r.both + r.onlyAuto} | ${r.both} | ${f(r.precision)} | ${f(r.recall)} | ${f(r.f1)} |`);
  }
}
