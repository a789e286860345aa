/**
 * Where a command's text goes: stdout, or `--output FILE` written atomically (a temporary file in
 * the same folder, then a rename), never over an existing file without --force, never over an input.
 */
import { rename, stat, unlink, writeFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { AdmError, UsageError } from './errors.js';

/** Checks the output path before any work is done, so a bad path fails fast and writes nothing. */
export async function checkOutputPath(file: string, force: boolean, inputs: string[], cwd = process.cwd()): Promise<string> {
  const abs = path.resolve(cwd, file);
  const dir = path.dirname(abs);
  const dirInfo = await stat(dir).catch(() => null);
  if (!dirInfo?.isDirectory()) throw new AdmError(`cannot write here: folder ${path.dirname(file) || '.'} does not exist`, { file });
  const real = await realpath(abs).catch(() => abs);
  for (const input of inputs) {
    const realInput = await realpath(input).catch(() => path.resolve(cwd, input));
    if (realInput === real) throw new UsageError(`--output ${file} is one of the input files; refusing to overwrite it`);
  }
  const info = await stat(abs).catch(() => null);
  if (info?.isDirectory()) throw new UsageError(`--output ${file} is a folder`);
  if (info && !force) throw new UsageError(`--output ${file} already exists; add --force to replace it`);
  return abs;
}

export async function writeAtomically(abs: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, abs);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new AdmError(`cannot write output (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: abs });
  }
}
