import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCodebook } from '../src/codebook/load.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BIN = path.join(ROOT, 'bin', 'adm-code.js');
export const MINI = path.join(ROOT, 'tests', 'fixtures', 'mini');
export const SHARED = path.resolve(ROOT, '..', 'shared');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would; colour off unless the test sets FORCE_COLOR. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8', input: opts.input ?? '', maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A new empty folder, under the test run's own temporary folder (removed when the run ends). */
export function tmp(prefix = 'adm-code-'): string {
  return mkdtempSync(path.join(process.env.ADM_CODE_TEST_TMP ?? tmpdir(), prefix));
}

export function read(p: string): string {
  return readFileSync(p, 'utf8');
}

/** Snapshot of a folder: file name → size and mtime, to prove a failed run changed nothing. */
export function folderState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const s = statSync(p);
        out[path.relative(dir, p)] = `${s.size}:${s.mtimeMs}:${readFileSync(p).toString('base64')}`;
      }
    }
  };
  walk(dir);
  return out;
}

/** The `FILE:LINE:COL: message` a codebook's YAML gets from the loader (it must have an error). */
export function codebookError(yaml: string): string {
  try {
    parseCodebook(yaml, 'cb.yaml');
  } catch (e) {
    const x = e as { file: string; line: number; col: number; message: string };
    return `${x.file}:${x.line}:${x.col}: ${x.message}`;
  }
  throw new Error('expected an error');
}
