// `node scripts/readme-samples.mjs`: rewrites the README's sample outputs from the shipped study
// (run after `npm run build` whenever the codebook or the data change). Each sample is the start
// of a command's real output, abridged with `…`; a sample is found by the first line of its block.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (...args) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'adm-code.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`adm-code ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout.replace(/\n$/, '').split('\n');
};
/** The first `n` lines of the section titled `title` in a terminal output. */
const section = (lines, title, n) => lines.slice(lines.indexOf(title), lines.indexOf(title) + n);
const clip = (line, width) => (line.length > width ? `${line.slice(0, width - 1)}…` : line);

const samples = [
  {
    first: 'ADM dual identity: ',
    make: () => {
      const out = run('tally');
      // The attributes: the table's head, then the rows from years_qualified (a numeric one) on.
      const years = out.findIndex((l) => l.startsWith('│ years_qualified'));
      return [...out.slice(0, 2), '', ...section(out, 'Themes by group', 10), '│ …', '', ...section(out, 'Attributes by group', 4), ...out.slice(years, years + 5), '…'];
    },
  },
  { first: 'Coded segments (', make: () => run('code', 'transcripts/service-leads/SL07.txt').slice(0, 9) },
  { first: 'codebooks/adm-dual-identity.yaml: OK', make: () => [...run('codebook', 'check').slice(0, 9), '…'] },
  {
    first: '## hierarchy: ',
    make: () => [...run('excerpts', '--theme', 'hierarchy', '--group', 'service-lead', '--format', 'md').slice(0, 9), '…'],
  },
  {
    first: 'Agreement of human (A)',
    make: () => [...run('agree', 'tests/validation/transcripts', '--codings', 'tests/validation/codings.csv', '--auto').slice(2, 10), '…'],
  },
  { first: 'participant,group,', make: () => [...run('matrix', '--binary').slice(0, 3).map((l) => clip(l, 153)), '…'] },
  { first: 'Theme pairs coded together', make: () => [...run('cooccur').slice(0, 8), '…'] },
];

const file = path.join(root, 'README.md');
let readme = readFileSync(file, 'utf8');
for (const { first, make } of samples) {
  const at = readme.search(new RegExp('```(text|markdown)\\n' + first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  if (at < 0) throw new Error(`README: no sample starting with "${first}"`);
  const start = readme.indexOf('\n', at) + 1;
  const end = readme.indexOf('\n```', start);
  readme = readme.slice(0, start) + make().join('\n') + readme.slice(end);
}
writeFileSync(file, readme);
console.log(`README.md: ${samples.length} samples rewritten`);
