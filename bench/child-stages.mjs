// Where the time goes: the pipeline's stages timed one after another in this process, on the same
// corpus, each pass streaming every file again (best of two passes after one to warm up):
//   read     read + decode + front matter + segment into turns
//   tokens   + tokenise every participant turn (a codebook with no patterns)
//   words    + word patterns (the codebook without its regular expressions)
//   regexes  + regular expressions (the whole codebook, each turn on its own)
//   all      + `in_answer_to` and `agreement` rules: exactly what `tally` codes (codedDocuments)
// Prints {stages: [{stage, ms}], bytes} (ms: CPU time) as JSON on stderr's last line. Usage:
//   node bench/child-stages.mjs FOLDER CODEBOOK [INTERVIEWER]
import { statSync } from 'node:fs';
import { codedDocuments, openStudy, readDocuments } from '../dist/cli/study.js';
import { compile } from '../dist/codebook/compile.js';
import { codeText } from '../dist/code/match.js';

const [dir, codebookPath, interviewer] = process.argv.slice(2);
const warn = () => {};
const cache = process.env.ADM_CODE_CACHE ?? null;
const study = await openStudy([dir], { codebook: codebookPath, interviewer: interviewer ? [interviewer] : [], cache }, warn);
const cb = study.codebook;
const interviewers = [...cb.interviewer, ...(interviewer ? [interviewer] : [])];
const noRegex = (list) => list.filter((p) => p.kind !== 'regex');
const variants = {
  tokens: compile({ ...cb, agreement: null, themes: cb.themes.map((t) => ({ ...t, patterns: [], exclude: [], inAnswerTo: null })) }),
  words: compile({ ...cb, agreement: null, themes: cb.themes.map((t) => ({ ...t, patterns: noRegex(t.patterns), exclude: noRegex(t.exclude), inAnswerTo: null })) }),
  regexes: compile({ ...cb, agreement: null, themes: cb.themes.map((t) => ({ ...t, inAnswerTo: null })) }),
};

// CPU time of this process (user + system), which other load on the machine disturbs less than wall time.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const pass = async (code) => {
  const t0 = cpuMs();
  let n = 0;
  for await (const { segments } of readDocuments(study.inputs.files, { interviewers }, warn)) {
    for (const s of segments) {
      if (s.interviewer) continue;
      n += code === null ? s.text.length : code(s.text).length;
    }
  }
  return { ms: cpuMs() - t0, n };
};
let bytes = 0;
for (const f of study.inputs.files) bytes += statSync(f).size;

// Each stage: one pass to warm up (the regexes compile, the token memo fills), then the best of two.
const best = async (f) => {
  await f();
  return Math.min(await f(), await f());
};
const stages = [];
stages.push({ stage: 'read', ms: await best(async () => (await pass(null)).ms) });
for (const name of ['tokens', 'words', 'regexes']) {
  const m = variants[name];
  stages.push({ stage: name, ms: await best(async () => (await pass((text) => codeText(m, text))).ms) });
}
const run = async () => {
  const t0 = cpuMs();
  for await (const _ of codedDocuments(study, warn)) void _;
  return cpuMs() - t0;
};
stages.push({ stage: 'all', ms: await best(run) });
process.stderr.write(JSON.stringify({ stages, bytes }) + '\n');
