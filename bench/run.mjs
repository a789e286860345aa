// `npm run bench [-- --sizes 50,200 --runs 3]`: throughput (MB/s) and peak RSS of `adm-code tally`
// on a deterministic synthetic corpus, beside a naive baseline timed in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { ensureCorpus, ensureRealCorpus, folderBytes } from './corpus.mjs';

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
const rows = [];
for (const mb of sizes) {
  const t0 = Date.now();
  const dir = ensureCorpus(mb);
  const bytes = folderBytes(dir);
  const made = Date.now() - t0;
  const adm = [];
  const naive = [];
  for (let i = 0; i < runs; i++) {
    naive.push(child('child-naive.mjs', [dir, ...words]));
    const r = child('child-adm.mjs', ['tally', dir, '--codebook', codebook, '--format', 'csv', '--quiet']);
    if (r.code !== 0) throw new Error(`adm-code exited ${r.code}`);
    adm.push(r);
  }
  const mbs = bytes / 1048576;
  rows.push({
    corpus: `${mbs.toFixed(0)} MB`,
    files: Math.round(bytes / 100_000),
    'adm-code MB/s': (mbs / (median(adm.map((r) => r.ms)) / 1000)).toFixed(1),
    'adm-code peak RSS MB': median(adm.map((r) => r.maxRssMb)).toFixed(0),
    'naive MB/s': (mbs / (median(naive.map((r) => r.ms)) / 1000)).toFixed(1),
    'naive peak RSS MB': median(naive.map((r) => r.maxRssMb)).toFixed(0),
  });
  if (made > 1000) console.log(`(generated ${mbs.toFixed(0)} MB corpus in ${(made / 1000).toFixed(1)} s under ${dir})`);
}
console.table(rows);

// The same measurement on real speech: the PriMock57 consultations repeated to the first size
// (doctor as interviewer). Fewer theme words than the synthetic corpus, so less matching work.
const real = ensureRealCorpus(sizes[0]);
if (real) {
  const bytes = folderBytes(real);
  const mbs = bytes / 1048576;
  const adm = [];
  const naive = [];
  for (let i = 0; i < runs; i++) {
    naive.push(child('child-naive.mjs', [real, ...words]));
    const r = child('child-adm.mjs', ['tally', real, '--codebook', codebook, '--interviewer', 'Doctor', '--format', 'csv', '--quiet']);
    if (r.code !== 0) throw new Error(`adm-code exited ${r.code}`);
    adm.push(r);
  }
  console.log('real speech: PriMock57 consultations (../shared/data/primock57) repeated');
  console.table([{
    corpus: `${mbs.toFixed(0)} MB`,
    files: readdirSync(real).filter((f) => f.endsWith('.txt')).length,
    'adm-code MB/s': (mbs / (median(adm.map((r) => r.ms)) / 1000)).toFixed(1),
    'adm-code peak RSS MB': median(adm.map((r) => r.maxRssMb)).toFixed(0),
    'naive MB/s': (mbs / (median(naive.map((r) => r.ms)) / 1000)).toFixed(1),
    'naive peak RSS MB': median(naive.map((r) => r.maxRssMb)).toFixed(0),
  }]);
} else console.log('(../shared/data/primock57 not found: real-speech row skipped)');
