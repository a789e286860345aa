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

/** The text of every transcript under root (`.txt`, `.md`; UTF-8, or UTF-16 LE with a BOM), in path order. */
function transcriptTexts(root) {
  const texts = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(txt|md)$/.test(e.name)) {
        const buf = readFileSync(p);
        texts.push(buf[0] === 0xff && buf[1] === 0xfe ? buf.subarray(2).toString('utf16le') : buf.toString('utf8'));
      }
    }
  };
  walk(root);
  return texts;
}

/** Words of the shipped transcripts, most frequent first: realistic vocabulary and theme language. */
function vocabulary(root) {
  const counts = new Map();
  for (const text of transcriptTexts(root)) {
    for (const w of text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
}

const GROUPS = ['service-lead', 'professional-body', 'board-ahp-psychology', 'focus-group'];

/** The shipped transcripts' sentences: the interviewers' (questions) and the participants' (answers). */
function sentences(root) {
  const questions = [];
  const answers = [];
  for (const text of transcriptTexts(root)) {
    for (const line of text.split(/\r\n|\r|\n/)) {
      const m = /^(?:\[[\d:]+\]\s*)?([A-Za-z][\w-]{0,20}):\s+(.+)$/.exec(line);
      if (!m || m[1] === 'id' || m[1] === 'group') continue;
      const into = /^(Interviewer|Facilitator|I|Q|INT)$/.test(m[1]) ? questions : answers;
      for (const sentence of m[2].split(/(?<=[.!?])\s+/)) if (sentence.length > 1) into.push(sentence);
    }
  }
  return { questions, answers };
}

/**
 * Writes about `mb` megabytes of transcripts (≈100 kB each, alternating interviewer and participant
 * turns; every 7th file a focus group, every 5th with CRLF line ends) into `dir` and returns it;
 * a corpus already complete there is reused. `start()` is called only when the corpus is written
 * and returns the maker of one turn's line: (file number, turn number, speaker label) → line.
 */
function writeCorpus(dir, mb, prefix, start) {
  const manifest = path.join(dir, '.complete');
  if (existsSync(manifest)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const line = start();
  const target = mb * 1024 * 1024;
  let written = 0;
  let n = 0;
  while (written < target) {
    n++;
    const id = `${prefix}-${String(n).padStart(5, '0')}`;
    const parts = [`---\nid: ${id}\ngroup: ${GROUPS[n % GROUPS.length]}\n---\n`];
    let size = parts[0].length;
    let turn = 0;
    while (size < 100_000) {
      turn++;
      const speaker = turn % 2 === 1 ? 'Interviewer' : `P${n % 7 === 0 ? 1 + (turn % 4) : 1}-${id}`;
      const text = line(n, turn, speaker);
      parts.push(text);
      size += text.length;
    }
    const text = parts.join('');
    writeFileSync(path.join(dir, `${id}.txt`), n % 5 === 0 ? text.replace(/\n/g, '\r\n') : text);
    written += Buffer.byteLength(text);
  }
  writeFileSync(manifest, `${n} files\n`);
  return dir;
}

/**
 * The word corpus: each turn a run of words drawn from the shipped transcripts' vocabulary
 * (Zipf-like), with full stops and commas; every 3rd file with timestamps.
 */
export function ensureCorpus(mb, { seed = 42, root = path.resolve(import.meta.dirname, '..', 'transcripts') } = {}) {
  return writeCorpus(path.join(tmpdir(), `adm-code-bench-${mb}mb-seed${seed}`), mb, 'BENCH', () => {
    const words = vocabulary(root);
    const rand = rng(seed);
    // Zipf-like draw: small indices (frequent words) far more often.
    const word = () => words[Math.floor(words.length * Math.pow(rand(), 3))];
    return (n, turn, speaker) => {
      const stamp = n % 3 === 0 ? `[00:${String(Math.floor(turn / 60) % 60).padStart(2, '0')}:${String(turn % 60).padStart(2, '0')}] ` : '';
      const len = turn % 2 === 1 ? 8 + Math.floor(rand() * 15) : 40 + Math.floor(rand() * 200);
      const ws = [];
      for (let i = 0; i < len; i++) {
        let w = word();
        if (i === 0) w = w[0].toUpperCase() + w.slice(1);
        ws.push(w);
        if (rand() < 0.08) ws.push(rand() < 0.5 ? '.' : ',');
      }
      return `${stamp}${speaker}: ${ws.join(' ').replace(/ ([.,])/g, '$1')}.\n`;
    };
  });
}

/**
 * The sentence corpus: each turn made of whole sentences of the shipped transcripts drawn at
 * random (the interviewers' sentences for interviewer turns): real interview talk, as theme-dense
 * as the study. The word corpus puts theme words side by side far more often than people do; here
 * they meet as they do in speech, and every question is one a rule may answer.
 */
export function ensureSentenceCorpus(mb, { seed = 42, root = path.resolve(import.meta.dirname, '..', 'transcripts') } = {}) {
  return writeCorpus(path.join(tmpdir(), `adm-code-bench-sentences-${mb}mb-seed${seed}`), mb, 'SENT', () => {
    const { questions, answers } = sentences(root);
    const rand = rng(seed);
    const pick = (list) => list[Math.floor(rand() * list.length)];
    return (n, turn, speaker) => {
      const interviewer = turn % 2 === 1;
      const count = interviewer ? 1 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 12);
      const said = [];
      for (let i = 0; i < count; i++) said.push(pick(interviewer ? questions : answers));
      return `${speaker}: ${said.join(' ')}\n`;
    };
  });
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
