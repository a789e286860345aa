// The naive baseline: read each file, tokenise with one Unicode regex, look tokens up in a Set.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, ...words] = process.argv.slice(2);
const set = new Set(words);
const t0 = process.hrtime.bigint();
let hits = 0;
let tokens = 0;
for (const f of readdirSync(dir).sort()) {
  if (!f.endsWith('.txt')) continue;
  const text = readFileSync(path.join(dir, f), 'utf8');
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    tokens++;
    if (set.has(m[0])) hits++;
  }
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stderr.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, tokens, hits }) + '\n');
