// No data leaves the machine: every command runs under a preload that makes any socket
// connection or DNS look-up throw (and records it), and must still work.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, MINI, ROOT, tmp } from './helpers.js';

const PRELOAD = path.join(ROOT, 'tests', 'no-network.mjs');

function guarded(args: string[], log: string) {
  const env = { ...process.env, ADM_NETWORK_LOG: log };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return spawnSync(process.execPath, ['--import', PRELOAD, BIN, ...args], { cwd: ROOT, encoding: 'utf8', env });
}

describe('privacy: no network', () => {
  it('the preload really blocks sockets and DNS', () => {
    const log = path.join(tmp(), 'net.log');
    const env = { ...process.env, ADM_NETWORK_LOG: log };
    const r = spawnSync(process.execPath, ['--import', PRELOAD, '-e', "require('node:dns').lookup('example.org', () => {})"], { encoding: 'utf8', env });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('network access refused in tests: dns.lookup');
    expect(readFileSync(log, 'utf8')).toBe('dns.lookup\n');
    const f = spawnSync(process.execPath, ['--import', PRELOAD, '-e', "fetch('http://127.0.0.1:9')"], { encoding: 'utf8', env });
    expect(f.stderr).toContain('network access refused in tests: fetch');
  });

  const T = path.join(MINI, 'transcripts');
  const CB = path.join(MINI, 'codebook.yaml');
  it.each([
    ['tally', ['tally', T, '-c', CB]],
    ['tally csv attributes', ['tally', T, '-c', CB, '-f', 'csv', '-t', 'attributes']],
    ['tally json --by', ['tally', T, '-c', CB, '-f', 'json', '--by', 'profession']],
    ['code', ['code', T, '-c', CB, '-f', 'jsonl']],
    ['codebook check', ['codebook', 'check', '-c', CB]],
    ['codebook test', ['codebook', 'test', '-c', CB]],
    ['the shipped study', ['tally']],
    ['help', ['--help']],
  ])('%s makes no network access', (_name, args) => {
    const log = path.join(tmp(), 'net.log');
    const r = guarded([...args, '-q'].filter((a) => !(a === '-q' && args[0] === '--help')), log);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(log)).toBe(false);
  });
});
