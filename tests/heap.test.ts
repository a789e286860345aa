import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LARGE_RUN_BYTES, preferSmallHeapFor } from '../src/cli/heap.js';
import { tmp } from './helpers.js';

describe('the small-heap setting for long runs (src/cli/heap.ts)', () => {
  it('stays off for a study of ordinary size and turns on once the files reach LARGE_RUN_BYTES', async () => {
    const dir = tmp();
    const small = path.join(dir, 'a.txt');
    writeFileSync(small, 'Interviewer: Hello?\nP1: Hello.\n');
    // Missing files count as empty (the reader reports them later, with its own message).
    expect(await preferSmallHeapFor([small, path.join(dir, 'missing.txt')])).toBe(false);
    const half = path.join(dir, 'half.txt');
    writeFileSync(half, '');
    truncateSync(half, LARGE_RUN_BYTES / 2); // sparse: no disk used
    expect(await preferSmallHeapFor([small, half])).toBe(false);
    const other = path.join(dir, 'other.txt');
    writeFileSync(other, '');
    truncateSync(other, LARGE_RUN_BYTES / 2);
    expect(await preferSmallHeapFor([small, half, other])).toBe(true);
    // Once on, it stays on for the process.
    expect(await preferSmallHeapFor([small])).toBe(true);
  });
});
