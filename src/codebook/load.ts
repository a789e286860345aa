/**
 * YAML → validated Codebook. Every problem is reported with the file, line and column of the
 * offending node, taken from the YAML parser, and stops the run (SPEC §1).
 */
import { readFile } from 'node:fs/promises';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { AdmError } from '../cli/errors.js';
import { tokenise } from '../code/tokenise.js';
import { AGREEMENT_WORDS, isGap, MAX_AGREEMENT_WORDS, MAX_GAP, type AgreementRule, type AnswerRule, type Codebook, type Example, type Pattern, type SourcePos, type Theme } from './model.js';
import { checkRegexSafety } from './regex-safety.js';
import { minMatchLength } from './prefilter.js';
import { readCached, writeCached } from './cache.js';

const TOP_KEYS = ['name', 'description', 'themes', 'interviewer', 'redact', 'agreement'];
const AGREEMENT_KEYS = ['max_words', 'patterns', 'examples'];
const THEME_KEYS = ['label', 'definition', 'when_to_use', 'when_not_to_use', 'patterns', 'exclude', 'in_answer_to', 'examples', 'themes'];
const EXAMPLE_KEYS = ['match', 'no_match'];
const ANSWER_KEYS = ['question', 'patterns'];
const ANSWER_EXAMPLE_KEYS = ['question', 'answer'];
export const THEME_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REGEX_LITERAL = /^\/(.*)\/([a-z]*)$/s;
const ALLOWED_FLAGS = new Set(['i', 'm', 's', 'u', 'v', 'g', 'd']);

/**
 * Reads and validates the codebook at `absPath` (named `shownPath` in messages). With a cache
 * folder (cache.ts), a codebook loaded before with the same bytes comes from there instead.
 */
export async function loadCodebook(absPath: string, shownPath: string, cache: string | null = null): Promise<Codebook> {
  let text: string;
  try {
    text = await readFile(absPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AdmError(code === 'ENOENT' ? 'codebook not found' : `cannot read codebook (${code})`, { file: shownPath });
  }
  const source = text.replace(/^\uFEFF/, '');
  if (cache === null) return parseCodebook(source, shownPath);
  const cached = readCached(cache, source, shownPath);
  if (cached !== null) return cached;
  const codebook = parseCodebook(source, shownPath);
  writeCached(cache, source, codebook);
  return codebook;
}

export function parseCodebook(source: string, file: string): Codebook {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const pos = (offset: number | undefined): SourcePos => {
    const p = lc.linePos(offset ?? 0);
    return { file, line: p.line, col: p.col };
  };
  const fail = (message: string, node?: Node | { range?: [number, number, number] | null } | null): never => {
    throw new AdmError(message, pos(node?.range?.[0]));
  };
  const firstError = doc.errors[0];
  if (firstError) {
    throw new AdmError(`YAML: ${yamlReason(firstError.message)}`, pos(firstError.pos[0]));
  }
  const warning = doc.warnings[0];
  if (warning) throw new AdmError(`YAML: ${yamlReason(warning.message)}`, pos(warning.pos[0]));

  const seen = new Set<Node>();
  /** Follows aliases; an alias that leads back into itself is a cycle. */
  const deref = (node: unknown): Node | null => {
    let n = node as Node | null;
    let steps = 0;
    while (n && isAlias(n)) {
      const target = n.resolve(doc as Document) as Node | undefined;
      if (!target) fail(`YAML: unknown alias *${n.source}`, n);
      n = target ?? null;
      if (++steps > 50) fail('YAML: alias chain too long', n);
    }
    return n;
  };
  const text = (node: unknown, what: string, where: Node | null): string => {
    const n = deref(node);
    if (!n || !isScalar(n) || n.value === null || typeof n.value === 'object') {
      const kind = n && isSeq(n) ? ', not a list' : n && isMap(n) ? ', not a mapping' : '';
      fail(`${what} must be text${kind}${isAlias(node) ? ' (through a YAML alias)' : ''}`, (isAlias(node) ? node : (n ?? where)) as Node);
    }
    return String((n as { value: unknown }).value);
  };
  const keysOf = (map: YAMLMap, allowed: string[], where: string) => {
    const out = new Map<string, Pair>();
    for (const pair of map.items) {
      const k = pair.key as Node;
      if (!isScalar(k) || typeof k.value !== 'string') fail(`${where}: keys must be text`, k);
      const key = (k as { value: string }).value;
      if (!allowed.includes(key)) {
        fail(`${where}: unknown key \`${key}\` (allowed: ${allowed.join(', ')})`, k);
      }
      out.set(key, pair);
    }
    return out;
  };

  const root = deref(doc.contents);
  if (!root) fail('codebook is empty: it needs `name` and `themes`');
  if (!isMap(root)) fail('codebook must be a mapping with `name` and `themes`', root);
  const top = keysOf(root as YAMLMap, TOP_KEYS, 'codebook');
  const themesPair = top.get('themes');
  if (!themesPair) fail('codebook has no `themes`', root);

  const themes: Theme[] = [];
  const byId = new Map<string, Theme>();

  /** `owner` names what the patterns belong to in messages: ``theme `x` `` or `` `agreement` ``. */
  const patternList = (pair: Pair | undefined, owner: string, key: string): Pattern[] => {
    if (!pair) return [];
    const list = deref(pair.value);
    if (list === null || (isScalar(list) && list.value === null)) return [];
    if (!isSeq(list)) fail(`${owner}: \`${key}\` must be a list`, (list ?? pair.key) as Node);
    const out: Pattern[] = [];
    for (const item of (list as { items: unknown[] }).items) {
      const source = text(item, `${owner}: each of \`${key}\``, list as Node);
      out.push(...compilePatterns(source, pos((item as Node | null)?.range?.[0]), owner, key));
    }
    return out;
  };

  const exampleList = (node: unknown, owner: string, key: string, answers = true): Example[] => {
    const list = deref(node);
    if (list === null || (isScalar(list) && list.value === null)) return [];
    if (!isSeq(list)) fail(`${owner}: examples.${key} must be a list of sentences`, list);
    return (list as { items: unknown[] }).items.map((item) => {
      const at = pos((item as Node | null)?.range?.[0]);
      const n = deref(item);
      // An answer in context: {question: …, answer: …}.
      if (n && isMap(n) && answers) {
        const k = keysOf(n as YAMLMap, ANSWER_EXAMPLE_KEYS, `${owner}: example`);
        const q = k.get('question');
        const a = k.get('answer');
        if (!q || !a) fail(`${owner}: an example written as a mapping needs both \`question\` and \`answer\``, n);
        return {
          text: text(a!.value, `${owner}: the example's \`answer\``, a!.key as Node),
          question: text(q!.value, `${owner}: the example's \`question\``, q!.key as Node),
          pos: at,
        };
      }
      return { text: text(item, `${owner}: each example`, list as Node), question: null, pos: at };
    });
  };

  const answerRule = (pair: Pair | undefined, themeId: string): AnswerRule | null => {
    if (!pair) return null;
    const node = deref(pair.value);
    if (node === null || (isScalar(node) && node.value === null)) return null;
    const where = `theme \`${themeId}\`: \`in_answer_to\``;
    if (!isMap(node)) fail(`${where} must have \`question\` and \`patterns\` lists`, node);
    const k = keysOf(node as YAMLMap, ANSWER_KEYS, where);
    const question = patternList(k.get('question'), `theme \`${themeId}\``, 'in_answer_to.question');
    const patterns = patternList(k.get('patterns'), `theme \`${themeId}\``, 'in_answer_to.patterns');
    if (question.length === 0) fail(`${where} needs a \`question\` list: patterns the interviewer's question must match`, k.get('question')?.key ?? node);
    if (patterns.length === 0) fail(`${where} needs a \`patterns\` list: patterns that code the answer`, k.get('patterns')?.key ?? node);
    return { question, patterns, pos: pos((pair.key as Node | null)?.range?.[0]) };
  };

  const visiting = new Set<Node>();
  const walk = (mapNode: Node, parent: Theme | null, depth: number): string[] => {
    if (visiting.has(mapNode)) fail('theme cycle: a theme contains itself through a YAML alias', mapNode);
    if (seen.has(mapNode)) fail('the same theme block is used twice through a YAML alias', mapNode);
    visiting.add(mapNode);
    seen.add(mapNode);
    if (!isMap(mapNode)) fail(`${parent ? `theme \`${parent.id}\`: ` : ''}\`themes\` must map theme ids to themes`, mapNode);
    const ids: string[] = [];
    for (const pair of (mapNode as YAMLMap).items) {
      const k = deref(pair.key);
      if (!k || !isScalar(k) || (typeof k.value !== 'string' && typeof k.value !== 'number')) fail('theme id must be text', k ?? mapNode);
      const id = String((k as { value: unknown }).value);
      if (!THEME_ID.test(id)) {
        fail(`bad theme id \`${id}\`: use lower-case letters, digits and single hyphens (e.g. parity-pt)`, k);
      }
      const prior = byId.get(id);
      if (prior) fail(`duplicate theme id \`${id}\` (first defined at line ${prior.pos.line})`, k);
      const body = deref(pair.value);
      if (!body || !isMap(body)) fail(`theme \`${id}\` must be a mapping with \`label\` and \`patterns\``, body ?? k);
      const keys = keysOf(body as YAMLMap, THEME_KEYS, `theme \`${id}\``);
      const optText = (key: string): string | null => {
        const p = keys.get(key);
        if (!p) return null;
        const v = deref(p.value);
        if (v === null || (isScalar(v) && v.value === null)) return null;
        return text(v, `theme \`${id}\`: \`${key}\``, p.key as Node).trim();
      };
      const theme: Theme = {
        id,
        label: optText('label') ?? id,
        definition: optText('definition'),
        whenToUse: optText('when_to_use'),
        whenNotToUse: optText('when_not_to_use'),
        patterns: patternList(keys.get('patterns'), `theme \`${id}\``, 'patterns'),
        exclude: patternList(keys.get('exclude'), `theme \`${id}\``, 'exclude'),
        inAnswerTo: answerRule(keys.get('in_answer_to'), id),
        examples: { match: [], noMatch: [] },
        parent: parent?.id ?? null,
        children: [],
        depth,
        pos: pos(k!.range?.[0]),
      };
      const ex = keys.get('examples');
      if (ex) {
        const exNode = deref(ex.value);
        if (exNode && !(isScalar(exNode) && exNode.value === null)) {
          if (!isMap(exNode)) fail(`theme \`${id}\`: \`examples\` must have \`match\` and/or \`no_match\` lists`, exNode);
          const exKeys = keysOf(exNode as YAMLMap, EXAMPLE_KEYS, `theme \`${id}\`: examples`);
          theme.examples.match = exampleList(exKeys.get('match')?.value, `theme \`${id}\``, 'match');
          theme.examples.noMatch = exampleList(exKeys.get('no_match')?.value, `theme \`${id}\``, 'no_match');
        }
      }
      byId.set(id, theme);
      themes.push(theme);
      ids.push(id);
      const sub = keys.get('themes');
      if (sub) {
        const subNode = deref(sub.value);
        if (subNode && !(isScalar(subNode) && subNode.value === null)) theme.children = walk(subNode, theme, depth + 1);
      }
    }
    visiting.delete(mapNode);
    return ids;
  };
  const themesNode = deref(themesPair!.value);
  if (!themesNode || (isScalar(themesNode) && themesNode.value === null)) fail('codebook has no themes', themesPair!.key as Node);
  walk(themesNode!, null, 0);
  if (themes.length === 0) fail('codebook has no themes', themesNode);

  const nameNode = top.get('name');
  const descNode = top.get('description');
  const interviewerPair = top.get('interviewer');
  let interviewer: string[] = [];
  if (interviewerPair) {
    const v = deref(interviewerPair.value);
    if (v && isSeq(v)) interviewer = (v.items as unknown[]).map((i) => text(i, '`interviewer` labels', v).trim());
    else if (v && !(isScalar(v) && v.value === null)) interviewer = [text(v, '`interviewer`', interviewerPair.key as Node).trim()];
  }
  const redactPair = top.get('redact');
  let redact: string[] = [];
  if (redactPair) {
    const v = deref(redactPair.value);
    if (v && isSeq(v)) redact = (v.items as unknown[]).map((i) => text(i, '`redact` names', v).trim());
    else if (v && !(isScalar(v) && v.value === null)) fail('`redact` must be a list of names', redactPair.key as Node);
  }
  const agreementPair = top.get('agreement');
  let agreement: AgreementRule | null = null;
  const agreementNode = agreementPair ? deref(agreementPair.value) : null;
  if (agreementPair && agreementNode && !(isScalar(agreementNode) && agreementNode.value === null)) {
    const owner = '`agreement`';
    if (!isMap(agreementNode)) fail(`${owner} must be a mapping with a \`patterns\` list`, agreementNode);
    const k = keysOf(agreementNode as YAMLMap, AGREEMENT_KEYS, owner);
    const patterns = patternList(k.get('patterns'), owner, 'patterns');
    if (patterns.length === 0) fail(`${owner} needs a \`patterns\` list: what a bare agreement says ("same", "exactly")`, k.get('patterns')?.key ?? agreementNode);
    let maxWords = AGREEMENT_WORDS;
    const mw = k.get('max_words');
    if (mw) {
      const v = deref(mw.value);
      const n = v && isScalar(v) ? v.value : null;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_AGREEMENT_WORDS) {
        fail(`${owner}: \`max_words\` must be a whole number from 1 to ${MAX_AGREEMENT_WORDS}`, v ?? (mw.key as Node));
      }
      maxWords = n as number;
    }
    const examples = { match: [] as Example[], noMatch: [] as Example[] };
    const ex = k.get('examples');
    const exNode = ex ? deref(ex.value) : null;
    if (exNode && !(isScalar(exNode) && exNode.value === null)) {
      if (!isMap(exNode)) fail(`${owner}: \`examples\` must have \`match\` and/or \`no_match\` lists`, exNode);
      const exKeys = keysOf(exNode as YAMLMap, EXAMPLE_KEYS, `${owner}: examples`);
      examples.match = exampleList(exKeys.get('match')?.value, owner, 'match', false);
      examples.noMatch = exampleList(exKeys.get('no_match')?.value, owner, 'no_match', false);
    }
    agreement = { patterns, maxWords, examples, pos: pos((agreementPair.key as Node | null)?.range?.[0]) };
  }
  return {
    path: file,
    agreement,
    redact,
    name: nameNode ? text(nameNode.value, '`name`', nameNode.key as Node) : file,
    description: descNode ? text(descNode.value, '`description`', descNode.key as Node).trim() : null,
    themes,
    interviewer,
  };
}

/** How a message names a pattern: ``theme `x`: exclude pattern``. */
function patternWhere(owner: string, key: string): string {
  return `${owner}: ${key === 'exclude' ? 'exclude pattern' : key === 'patterns' ? 'pattern' : `${key} pattern`}`;
}

/** Most word sequences one pattern with alternatives may stand for. */
export const MAX_ALTERNATIVES = 2000;

/**
 * One pattern string → its patterns: a regular expression, or the word sequences of a words
 * pattern, where each `(a|b c|)` group stands for each of its alternatives, written in place (an
 * empty one drops the group): `(psycholog*|cbt) ~4 (decides|holds the)` is four patterns and
 * `lead(s|ing|)` three words.
 */
export function compilePatterns(source: string, at: SourcePos, owner: string, key: string): Pattern[] {
  const trimmed = source.trim();
  if (REGEX_LITERAL.test(trimmed) || !/[()|]/.test(trimmed)) return [compilePattern(source, at, owner, key)];
  const where = patternWhere(owner, key);
  let variants = [''];
  for (let i = 0; i < trimmed.length; ) {
    const c = trimmed[i]!;
    if (c === ')' || c === '|') throw new AdmError(`${where} \`${trimmed}\`: \`${c}\` outside a group; alternatives are written \`(a|b)\``, at);
    if (c !== '(') {
      const next = trimmed.slice(i).search(/[()|]/);
      const run = next < 0 ? trimmed.slice(i) : trimmed.slice(i, i + next);
      variants = variants.map((v) => v + run);
      i += run.length;
      continue;
    }
    const close = trimmed.indexOf(')', i);
    const inner = close < 0 ? '' : trimmed.slice(i + 1, close);
    if (close < 0 || inner.includes('(')) throw new AdmError(`${where} \`${trimmed}\`: a group \`(\` needs its \`)\`, and groups do not nest`, at);
    const options = inner.split('|');
    if (variants.length * options.length > MAX_ALTERNATIVES) throw new AdmError(`${where} \`${trimmed}\` stands for more than ${MAX_ALTERNATIVES} word sequences; split it`, at);
    // Written into the text as it stands: `lead(s|ing|)` is leads, leading, lead.
    variants = variants.flatMap((v) => options.map((o) => v + o));
    i = close + 1;
  }
  const seen = new Set<string>();
  const out: Pattern[] = [];
  for (const v of variants) {
    const p = compilePattern(v.replace(/\s+/g, ' ').trim() || ' ', at, owner, key);
    if (p.kind !== 'words') throw new AdmError(`${where} \`${trimmed}\`: alternatives hold words, not regular expressions`, at);
    const k = p.words.join(' ');
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ ...p, source: trimmed });
  }
  return out;
}

/** One pattern string → word sequence or regular expression, or an error at its position. */
export function compilePattern(source: string, at: SourcePos, owner: string, key: string): Pattern {
  const where = patternWhere(owner, key);
  const trimmed = source.trim();
  if (trimmed === '') throw new AdmError(`${where} is empty`, at);
  const lit = REGEX_LITERAL.exec(trimmed);
  if (lit && trimmed.length > 1) {
    const [, body, flags] = lit;
    if (body === '') throw new AdmError(`${where} ${trimmed} is an empty regular expression`, at);
    for (const f of flags!) {
      if (!ALLOWED_FLAGS.has(f)) throw new AdmError(`${where} ${trimmed}: flag \`${f}\` is not allowed (use i, m, s, u)`, at);
    }
    let regex: RegExp;
    try {
      regex = new RegExp(body!, [...new Set(flags! + 'g')].join(''));
    } catch (e) {
      throw new AdmError(`${where} ${trimmed} is not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: (\/.*\/[a-z]*: )?/s, '')}`, at);
    }
    const unsafe = checkRegexSafety(body!);
    if (unsafe) throw new AdmError(`${where} ${trimmed} is refused: ${unsafe}`, at);
    // Running the regex compiles it; most never run in a small study, so ask the parser first.
    const matchesEmpty = (minMatchLength(body!, flags!) ?? 0) === 0 && regex.test('');
    regex.lastIndex = 0;
    if (matchesEmpty) throw new AdmError(`${where} ${trimmed} matches empty text; it would code every segment`, at);
    return { kind: 'regex', source: trimmed, pos: at, regex };
  }
  // `~N` between words: a gap of at most N tokens in one sentence (NEAR).
  const pieces = trimmed.split(/(?<=^|\s)~(\d*)(?=\s|$)/);
  const words: string[] = [];
  for (let k = 0; k < pieces.length; k += 2) {
    const part = tokenise(pieces[k]!, true).keys;
    if (pieces.length > 1 && part.length === 0) {
      throw new AdmError(`${where} \`${trimmed}\`: \`~\` needs words on both sides (e.g. \`psycholog* ~5 decide*\`)`, at);
    }
    words.push(...part);
    if (k + 1 < pieces.length) {
      const gap = Number(pieces[k + 1]);
      if (!/^\d+$/.test(pieces[k + 1]!) || gap < 1 || gap > MAX_GAP) {
        throw new AdmError(`${where} \`${trimmed}\`: a gap is written \`~N\` with N from 1 to ${MAX_GAP} (words that may stand between)`, at);
      }
      words.push(`~${gap}`);
    }
  }
  if (words.length === 0) throw new AdmError(`${where} \`${trimmed}\` has no words (letters or digits)`, at);
  if (words.every((w) => isGap(w) || (/^[*?]*$/.test(w) && w.includes('*')))) {
    throw new AdmError(`${where} \`${trimmed}\` matches every word; it would code every segment`, at);
  }
  return { kind: 'words', source: trimmed, pos: at, words };
}

function yamlReason(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}
