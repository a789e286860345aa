// Deterministic synthetic corpus for the benchmark: seeded, written under a temp folder, never committed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words of the shipped transcripts, most frequent first: realistic vocabulary and theme language. */
function vocabulary(root) {
  const counts = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(txt|md)$/.test(e.name)) {
        let buf = readFileSync(p);
        const text = buf[0] === 0xff && buf[1] === 0xfe ? buf.subarray(2).toString('utf16le') : buf.toString('utf8');
        for (const w of text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
  };
  walk(root);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
}

const GROUPS = ['service-lead', 'professional-body', 'board-ahp-psychology', 'focus-group'];

/**
 * Writes about `mb` megabytes of transcripts (≈100 kB each) and returns the folder. Reuses a
 * corpus already written with the same size and seed.
 */
export function ensureCorpus(mb, { seed = 42, root = path.resolve(import.meta.dirname, '..', 'transcripts') } = {}) {
  const dir = path.join(tmpdir(), `adm-code-bench-${mb}mb-seed${seed}`);
  const manifest = path.join(dir, '.complete');
  if (existsSync(manifest)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const words = vocabulary(root);
  const rand = rng(seed);
  // Zipf-like draw: small indices (frequent words) far more often.
  const word = () => words[Math.floor(words.length * Math.pow(rand(), 3))];
  const target = mb * 1024 * 1024;
  let written = 0;
  let n = 0;
  while (written < target) {
    n++;
    const id = `BENCH-${String(n).padStart(5, '0')}`;
    const group = GROUPS[n % GROUPS.length];
    const parts = [`---\nid: ${id}\ngroup: ${group}\n---\n`];
    let size = parts[0].length;
    let turn = 0;
    while (size < 100_000) {
      turn++;
      const speaker = turn % 2 === 1 ? 'Interviewer' : `P${n % 7 === 0 ? 1 + (turn % 4) : 1}-${id}`;
      const stamp = n % 3 === 0 ? `[00:${String(Math.floor(turn / 60) % 60).padStart(2, '0')}:${String(turn % 60).padStart(2, '0')}] ` : '';
      const len = turn % 2 === 1 ? 8 + Math.floor(rand() * 15) : 40 + Math.floor(rand() * 200);
      const ws = [];
      for (let i = 0; i < len; i++) {
        let w = word();
        if (i === 0) w = w[0].toUpperCase() + w.slice(1);
        ws.push(w);
        if (rand() < 0.08) ws.push(rand() < 0.5 ? '.' : ',');
      }
      const line = `${stamp}${speaker}: ${ws.join(' ').replace(/ ([.,])/g, '$1')}.\n`;
      parts.push(line);
      size += line.length;
    }
    const text = parts.join('');
    writeFileSync(path.join(dir, `${id}.txt`), n % 5 === 0 ? text.replace(/\n/g, '\r\n') : text);
    written += Buffer.byteLength(text);
  }
  writeFileSync(manifest, `${n} files\n`);
  return dir;
}

export function folderBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir)) if (e.endsWith('.txt')) total += statSync(path.join(dir, e)).size;
  return total;
}

/**
 * Real speech for comparison: the PriMock57 consultations (../shared, CC BY 4.0) copied under a
 * temp folder until the corpus holds about `mb` megabytes (copy k of a file named `rK_NAME`).
 * Returns null when ../shared is not beside the project.
 */
export function ensureRealCorpus(mb, { source = path.resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'primock57', 'transcripts') } = {}) {
  if (!existsSync(source)) return null;
  const dir = path.join(tmpdir(), `adm-code-bench-primock57-${mb}mb`);
  const manifest = path.join(dir, '.complete');
  if (existsSync(manifest)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = readdirSync(source).filter((f) => f.endsWith('.txt')).sort();
  const texts = files.map((f) => readFileSync(path.join(source, f)));
  const target = mb * 1024 * 1024;
  let written = 0;
  for (let k = 1; written < target; k++) {
    files.forEach((f, i) => {
      writeFileSync(path.join(dir, `r${k}_${f}`), texts[i]);
      written += texts[i].length;
    });
  }
  writeFileSync(manifest, 'complete\n');
  return dir;
}
