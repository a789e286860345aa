// The codebook cache (src/codebook/cache.ts): where it lives, that a cached codebook is the
// codebook, that it never changes a result, and that a broken cache is passed over.
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, readCached, writeCached } from '../src/codebook/cache.js';
import { compile } from '../src/codebook/compile.js';
import { loadCodebook, parseCodebook } from '../src/codebook/load.js';
import { regexFilter } from '../src/codebook/prefilter.js';
import { codeText } from '../src/code/match.js';
import { cli, MINI, ROOT, tmp } from './helpers.js';

const SHIPPED = path.join(ROOT, 'codebooks', 'adm-dual-identity.yaml');
const shippedText = readFileSync(SHIPPED, 'utf8');
const entries = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.json'));

/** A codebook as plain data, regexes as /source/flags, for comparing two loads. */
const plain = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (v instanceof RegExp ? `/${v.source}/${v.flags}` : v)));

describe('where the cache lives', () => {
  it('ADM_CODE_CACHE names the folder, or turns the cache off', () => {
    expect(cacheDir({ ADM_CODE_CACHE: '/x/cache', HOME: '/home/a' })).toBe(path.resolve('/x/cache'));
    for (const off of ['off', 'OFF', '0', 'false', 'no']) expect(cacheDir({ ADM_CODE_CACHE: off, HOME: '/home/a' })).toBeNull();
  });
  it('else $XDG_CACHE_HOME/adm-code, else ~/.cache/adm-code, else none', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/xdg', HOME: '/home/a' })).toBe(path.join('/xdg', 'adm-code'));
    expect(cacheDir({ HOME: '/home/a' })).toBe(path.join('/home/a', '.cache', 'adm-code'));
    expect(cacheDir({})).toBeNull();
  });
});

describe('a cached codebook', () => {
  it('is the codebook the file holds, with positions named as this run shows the file', async () => {
    const dir = tmp();
    const first = await loadCodebook(SHIPPED, 'codebooks/adm-dual-identity.yaml', dir);
    expect(entries(dir)).toHaveLength(1);
    const again = readCached(dir, shippedText, 'elsewhere/cb.yaml');
    expect(again).not.toBeNull();
    expect(plain(again)).toEqual(plain(parseCodebook(shippedText, 'elsewhere/cb.yaml')));
    expect(plain(first)).toEqual(plain(parseCodebook(shippedText, 'codebooks/adm-dual-identity.yaml')));
    const regex = again!.themes.flatMap((t) => t.patterns).find((p) => p.kind === 'regex');
    expect(regex?.kind === 'regex' && regex.regex).toBeInstanceOf(RegExp);
    expect(again!.themes[0]!.pos.file).toBe('elsewhere/cb.yaml');
  });

  it('codes exactly as the file does', async () => {
    const dir = tmp();
    await loadCodebook(SHIPPED, 'cb.yaml', dir);
    const cached = compile(readCached(dir, shippedText, 'cb.yaml')!);
    const fresh = compile(parseCodebook(shippedText, 'cb.yaml'));
    const examples = fresh.themes.flatMap((t) => [...t.examples.match, ...t.examples.noMatch].map((e) => e.text));
    expect(examples.length).toBeGreaterThan(300);
    for (const text of examples) expect(codeText(cached, text)).toEqual(codeText(fresh, text));
  });

  it('keeps a codebook without a name named after its path', () => {
    const dir = tmp();
    const text = 'themes:\n  a:\n    label: A\n    patterns: [apple, "/pears?/"]\n';
    writeCached(dir, text, parseCodebook(text, 'one/cb.yaml'));
    const again = readCached(dir, text, 'two/cb.yaml')!;
    expect(again.name).toBe('two/cb.yaml');
    expect(again.path).toBe('two/cb.yaml');
  });

  it('is another entry when a single byte of the codebook changes', () => {
    const dir = tmp();
    const text = 'name: x\nthemes:\n  a:\n    label: A\n    patterns: [apple]\n';
    writeCached(dir, text, parseCodebook(text, 'cb.yaml'));
    expect(readCached(dir, text.replace('apple', 'apples'), 'cb.yaml')).toBeNull();
    expect(readCached(dir, text, 'cb.yaml')).not.toBeNull();
  });

  it('is passed over when its file is damaged, and written afresh', async () => {
    const dir = tmp();
    await loadCodebook(SHIPPED, 'cb.yaml', dir);
    const [name] = entries(dir);
    writeFileSync(path.join(dir, name!), '{"format": 1, "text": "trunc');
    expect(readCached(dir, shippedText, 'cb.yaml')).toBeNull();
    const loaded = await loadCodebook(SHIPPED, 'cb.yaml', dir);
    expect(loaded.themes.length).toBeGreaterThan(20);
    expect(readCached(dir, shippedText, 'cb.yaml')).not.toBeNull();
  });

  it('is never needed: a folder that cannot be written leaves the run as it is', async () => {
    const blocker = path.join(tmp(), 'file');
    writeFileSync(blocker, 'not a folder');
    const loaded = await loadCodebook(SHIPPED, 'cb.yaml', path.join(blocker, 'cache'));
    expect(plain(loaded)).toEqual(plain(parseCodebook(shippedText, 'cb.yaml')));
  });

  it('keeps the 16 codebooks written last', () => {
    const dir = tmp();
    for (let i = 0; i < 20; i++) {
      const text = `name: x${i}\nthemes:\n  a:\n    label: A\n    patterns: [apple]\n`;
      writeCached(dir, text, parseCodebook(text, 'cb.yaml'));
      const [newest] = readdirSync(dir).map((n) => path.join(dir, n)).filter((p) => readFileSync(p, 'utf8').includes(`x${i}`));
      utimesSync(newest!, i + 1, i + 1); // ascending write times, whatever the clock's resolution
    }
    expect(entries(dir)).toHaveLength(16);
    const names = entries(dir).map((n) => readFileSync(path.join(dir, n), 'utf8'));
    for (let i = 0; i < 20; i++) expect(names.some((t) => t.includes(`"x${i}"`))).toBe(i >= 4);
  });

  it('does not let compile() change the prefilters it remembers', () => {
    const f = regexFilter('\\bpsycholog\\w* (lead|decide)s?\\b', 'gi');
    const before = JSON.stringify(f);
    compile(parseCodebook('themes:\n  a:\n    label: A\n    patterns: ["/\\\\bpsycholog\\\\w* (lead|decide)s?\\\\b/"]\n', 'cb.yaml'));
    expect(JSON.stringify(regexFilter('\\bpsycholog\\w* (lead|decide)s?\\b', 'gi'))).toBe(before);
    expect(Object.isFrozen(f) && Object.isFrozen(f.clauses)).toBe(true);
  });
});

describe('the CLI with a cache', () => {
  it('prints byte for byte what it prints without one, on the first run and the next', () => {
    const dir = path.join(tmp(), 'cache');
    const args = ['code', 'tests/development/transcripts', '--format', 'csv'];
    const off = cli(args, { env: { ADM_CODE_CACHE: 'off' } });
    expect(off.code).toBe(0);
    expect(off.stdout.split('\n').length).toBeGreaterThan(900);
    const cold = cli(args, { env: { ADM_CODE_CACHE: dir } });
    expect(entries(dir)).toHaveLength(1);
    const warm = cli(args, { env: { ADM_CODE_CACHE: dir } });
    expect(cold.stdout).toBe(off.stdout);
    expect(warm.stdout).toBe(off.stdout);
  });

  it('reports an error in a changed codebook, however often the old one was cached', () => {
    const dir = path.join(tmp(), 'cache');
    const work = tmp();
    const cb = path.join(work, 'cb.yaml');
    writeFileSync(cb, readFileSync(path.join(MINI, 'codebook.yaml'), 'utf8'));
    const args = ['tally', path.join(MINI, 'transcripts'), '--codebook', cb, '--format', 'csv'];
    expect(cli(args, { env: { ADM_CODE_CACHE: dir } }).code).toBe(0);
    expect(cli(args, { env: { ADM_CODE_CACHE: dir } }).code).toBe(0);
    writeFileSync(cb, readFileSync(cb, 'utf8') + '\n  broken: [\n');
    const r = cli(args, { env: { ADM_CODE_CACHE: dir } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^adm-code: .*cb\.yaml:\d+:\d+: YAML: /);
  });

  it('codebook check reads the file itself and writes no cache', () => {
    const dir = path.join(tmp(), 'cache');
    const r = cli(['codebook', 'check'], { env: { ADM_CODE_CACHE: dir } });
    expect(r.code).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('stores codebooks only: no transcript text reaches the cache folder', () => {
    const dir = path.join(tmp(), 'cache');
    mkdirSync(dir);
    expect(cli(['tally', path.join(MINI, 'transcripts'), '--codebook', path.join(MINI, 'codebook.yaml'), '--format', 'csv'], { env: { ADM_CODE_CACHE: dir } }).code).toBe(0);
    const stored = entries(dir).map((n) => readFileSync(path.join(dir, n), 'utf8')).join('\n');
    const lines = readdirSync(path.join(MINI, 'transcripts'))
      .filter((n) => n.endsWith('.txt'))
      .flatMap((n) => readFileSync(path.join(MINI, 'transcripts', n), 'utf8').split('\n'))
      .filter((l) => /^[A-Z][\w-]*: .{30}/.test(l));
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(stored).not.toContain(l.slice(-30));
  });
});
