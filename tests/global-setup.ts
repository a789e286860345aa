// The CLI tests run the built program (bin/adm-code.js → dist/), as a user does: build it first.
// Every temporary folder of the run goes under one folder, removed at the end, and the CLI runs
// with a codebook cache of its own there (never the user's ~/.cache).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const require = createRequire(import.meta.url);
  const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit', cwd: path.resolve(import.meta.dirname, '..') });
  const root = mkdtempSync(path.join(tmpdir(), 'adm-code-tests-'));
  process.env.ADM_CODE_TEST_TMP = root;
  process.env.ADM_CODE_CACHE = path.join(root, 'codebook-cache');
  return () => rmSync(root, { recursive: true, force: true });
}
