/**
 * The codebook cache: a validated codebook and its regexes' prefilters, saved under a key made of
 * the codebook file's bytes and adm-code's own code, so that the next run with the same codebook
 * skips the YAML parse, the validation and the prefilter derivation (about 0.4 s of start-up for
 * the shipped codebook). What is saved is exactly what loading and analysing the file produced;
 * any change to the file, to adm-code's loader, or to the format makes a new key. A cache that
 * cannot be read or written is passed over silently: it never changes a result or stops a run.
 *
 * Where: `ADM_CODE_CACHE` (a folder, or `off`), else `$XDG_CACHE_HOME/adm-code`, else
 * `~/.cache/adm-code` (`%LOCALAPPDATA%\adm-code` on Windows). Only codebooks are stored there,
 * never transcripts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allPatterns, type Codebook, type Example } from './model.js';
import { knownFilters, rememberFilters, type RegexFilter } from './prefilter.js';

/** Bumped when the shape of a cache file changes. */
const FORMAT = 1;
/** Most codebooks kept; the oldest written go first. */
const KEEP = 16;

/** The cache folder for this environment, or null when caching is off or there is nowhere to put it. */
export function cacheDir(env: NodeJS.ProcessEnv): string | null {
  const given = env.ADM_CODE_CACHE;
  if (given !== undefined && given !== '') return /^(off|0|false|no)$/i.test(given) ? null : path.resolve(given);
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'adm-code');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'adm-code');
  if (env.HOME) return path.join(env.HOME, '.cache', 'adm-code');
  return null;
}

let codeHash: string | null | undefined;
/**
 * A hash of the code that turns a codebook file into what is cached (this folder and the
 * tokeniser's), so that a new build of adm-code never reads an older build's entries.
 */
function ownCode(): string | null {
  if (codeHash !== undefined) return codeHash;
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const hash = createHash('sha256');
    for (const dir of [here, path.join(here, '..', 'code')]) {
      for (const name of readdirSync(dir).sort()) {
        if (!/\.(js|ts)$/.test(name)) continue;
        hash.update(name).update('\0').update(readFileSync(path.join(dir, name))).update('\0');
      }
    }
    codeHash = hash.digest('hex');
  } catch {
    codeHash = null;
  }
  return codeHash;
}

/** The entry's file for this codebook text, or null when there is no code hash. */
function entryPath(dir: string, text: string): string | null {
  const code = ownCode();
  if (code === null) return null;
  const key = createHash('sha256').update(`adm-code cache ${FORMAT}\0${code}\0`).update(text).digest('hex');
  return path.join(dir, `${key.slice(0, 40)}.json`);
}

interface Entry {
  format: number;
  /** The sha256 of the codebook text, checked again on reading. */
  text: string;
  codebook: Codebook;
  filters: Record<string, RegexFilter>;
}

const REGEX = '\u0000regex';

/** The saved codebook for this text, shown as `shownPath`, or null (not saved, or unreadable). */
export function readCached(dir: string, text: string, shownPath: string): Codebook | null {
  try {
    const file = entryPath(dir, text);
    if (file === null) return null;
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    // A plain parse (a reviver would cost several times as much), then the model's regexes and
    // positions put back in place, positions naming the file as this run shows it.
    const entry = JSON.parse(raw) as Entry;
    if (entry.format !== FORMAT || entry.text !== sha256(text)) return null;
    const cb = entry.codebook;
    cb.path = shownPath;
    if (cb.name === '\u0000path') cb.name = shownPath;
    for (const p of allPatterns(cb)) {
      p.pos.file = shownPath;
      if (p.kind === 'regex') {
        const [source, flags] = (p.regex as unknown as Record<string, [string, string]>)[REGEX]!;
        p.regex = new RegExp(source, flags);
      }
    }
    const example = (e: Example) => void (e.pos.file = shownPath);
    for (const owner of [...cb.themes, ...(cb.agreement ? [cb.agreement] : [])]) {
      owner.pos.file = shownPath;
      owner.examples.match.forEach(example);
      owner.examples.noMatch.forEach(example);
    }
    for (const t of cb.themes) if (t.inAnswerTo) t.inAnswerTo.pos.file = shownPath;
    rememberFilters(entry.filters);
    return cb;
  } catch {
    return null;
  }
}

/** Saves a codebook just loaded from `text` (and its regexes' prefilters), if it can. */
export function writeCached(dir: string, text: string, codebook: Codebook): void {
  try {
    const file = entryPath(dir, text);
    if (file === null) return;
    const regexes = allPatterns(codebook).flatMap((p) => (p.kind === 'regex' ? [p.regex] : []));
    const entry: Entry = {
      format: FORMAT,
      text: sha256(text),
      // A codebook without `name` is named after its path, which the next run may show otherwise.
      codebook: codebook.name === codebook.path ? { ...codebook, name: '\u0000path' } : codebook,
      filters: knownFilters(regexes),
    };
    const json = JSON.stringify(entry, (_key, value: unknown) => (value instanceof RegExp ? { [REGEX]: [value.source, value.flags] } : value));
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, json);
    renameSync(tmp, file);
    prune(dir);
  } catch {
    // Nowhere to write (read-only home, full disk …): the next run loads the file again.
  }
}

/** Keeps the KEEP newest entries; removes leftovers of writes that did not finish. */
function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((n) => /^[0-9a-f]{40}\.json(\..*\.tmp)?$/.test(n))
    .map((n) => {
      const p = path.join(dir, n);
      return { p, tmp: n.endsWith('.tmp'), mtime: statSync(p).mtimeMs };
    });
  const now = Date.now();
  for (const e of entries) if (e.tmp && now - e.mtime > 60_000) unlinkSync(e.p);
  const kept = entries.filter((e) => !e.tmp).sort((a, b) => b.mtime - a.mtime);
  for (const e of kept.slice(KEEP)) unlinkSync(e.p);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
