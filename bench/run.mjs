// `npm run bench [-- --sizes 50,200 --runs 3]`: throughput (MB/s) and peak RSS of `adm-code tally`
// end to end on deterministic synthetic corpora (bench/corpus.mjs) and on real speech, beside a
// naive baseline timed in the same run; then where the time goes, stage by stage.
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { ensureCorpus, ensureRealCorpus, ensureSentenceCorpus, folderBytes } from './corpus.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const sizes = arg('sizes', '50,200').split(',').map(Number);
const runs = Number(arg('runs', '3'));
const root = path.resolve(import.meta.dirname, '..');
const codebook = path.join(root, 'codebooks', 'adm-dual-identity.yaml');

// Literal words of the codebook for the baseline's Set.
const words = new Set();
const collect = (themes) => {
  for (const t of Object.values(themes ?? {})) {
    for (const p of t.patterns ?? []) if (!String(p).startsWith('/')) for (const w of String(p).toLowerCase().split(/\s+/)) if (!/[*?]/.test(w)) words.add(w);
    collect(t.themes);
  }
};
collect(parse(readFileSync(codebook, 'utf8')).themes);

// The codebook cache (src/codebook/cache.ts) as a user has it from the second run on: warm.
const cache = path.join(os.tmpdir(), 'adm-code-bench-cache');
process.env.ADM_CODE_CACHE = cache;
execFileSync(process.execPath, [path.join(root, 'bin', 'adm-code.js'), 'codebook', 'test', '--codebook', codebook], { stdio: 'ignore' });

const child = (script, args) => {
  const r = spawnSync(process.execPath, [path.join(import.meta.dirname, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stderr.trim().split('\n').pop());
};
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

console.log(`adm-code benchmark — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} (${os.cpus().length} cores), median of ${runs} runs, one process each`);
console.log(`codebook: ${path.relative(root, codebook)} (codebook cache warm: ${cache})`);
/** One table row: median MB/s and peak RSS of `tally` and of the naive baseline on `dir`. */
const measure = (label, dir, extra = []) => {
  const bytes = folderBytes(dir);
  const adm = [];
  const naive = [];
  for (let i = 0; i < runs; i++) {
    naive.push(child('child-naive.mjs', [dir, ...words]));
    const r = child('child-adm.mjs', ['tally', dir, '--codebook', codebook, ...extra, '--format', 'csv', '--quiet']);
    if (r.code !== 0) throw new Error(`adm-code exited ${r.code}`);
    adm.push(r);
  }
  const mbs = bytes / 1048576;
  return {
    corpus: `${label} ${mbs.toFixed(0)} MB`,
    files: readdirSync(dir).filter((f) => f.endsWith('.txt')).length,
    'adm-code MB/s': (mbs / (median(adm.map((r) => r.ms)) / 1000)).toFixed(1),
    'adm-code peak RSS MB': median(adm.map((r) => r.maxRssMb)).toFixed(0),
    'naive MB/s': (mbs / (median(naive.map((r) => r.ms)) / 1000)).toFixed(1),
    'naive peak RSS MB': median(naive.map((r) => r.maxRssMb)).toFixed(0),
  };
};
const made = (make, mb) => {
  const t0 = Date.now();
  const dir = make(mb);
  if (Date.now() - t0 > 1000) console.log(`(generated a ${mb} MB corpus in ${((Date.now() - t0) / 1000).toFixed(1)} s under ${dir})`);
  return dir;
};

// The word corpus at each size (memory must not grow with it); the sentence corpus and real
// speech (the PriMock57 consultations repeated, the doctor as interviewer) at the first size.
const rows = sizes.map((mb) => measure('words', made(ensureCorpus, mb)));
const sentences = made(ensureSentenceCorpus, sizes[0]);
rows.push(measure('sentences', sentences));
const real = ensureRealCorpus(sizes[0]);
if (real) rows.push(measure('PriMock57', real, ['--interviewer', 'Doctor']));
else console.log('(../shared/data/primock57 not found: real-speech row skipped)');
console.table(rows);

// Where the time goes, in one process (no start-up): each stage adds to the one before it.
const stageRows = (dir, extra) => {
  const r = child('child-stages.mjs', [dir, codebook, ...extra]);
  const mbs = r.bytes / 1048576;
  let before = 0;
  return r.stages.map(({ stage, ms }) => {
    const row = { stage, 'CPU s so far': (ms / 1000).toFixed(2), 'MB/s so far': (mbs / (ms / 1000)).toFixed(1), 'this stage CPU s': ((ms - before) / 1000).toFixed(2) };
    before = ms;
    return row;
  });
};
console.log('stages (read: read, decode, segment; tokens: + tokenise; words: + word patterns; regexes: + regular expressions; all: + in_answer_to and agreement, as tally codes)');
for (const [label, dir, extra] of [['words', ensureCorpus(sizes[0]), []], ['sentences', sentences, []], ['PriMock57', real, ['Doctor']]]) {
  if (dir === null) continue;
  console.log(`${label} corpus, ${sizes[0]} MB`);
  console.table(stageRows(dir, extra));
}
