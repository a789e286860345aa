/** YAML front matter at the top of a transcript: `---` … `---` (or `...`). */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';
import { AdmError } from '../cli/errors.js';
import type { FrontMatter } from '../types.js';

export interface Split {
  meta: FrontMatter;
  /** Index in `lines` of the first body line. */
  bodyStart: number;
}

/** Front matter may open only on the first line; an unterminated block is an error. */
export function splitFrontMatter(lines: string[], file: string): Split {
  if (lines.length === 0 || lines[0]!.trimEnd() !== '---') return { meta: {}, bodyStart: 0 };
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!.trimEnd();
    if (l === '---' || l === '...') {
      end = i;
      break;
    }
  }
  if (end < 0) {
    throw new AdmError('front matter opened with --- is never closed (add a --- line after it)', {
      file,
      line: 1,
      col: 1,
    });
  }
  const meta = parseFrontMatter(lines.slice(1, end).join('\n'), file, 2);
  return { meta, bodyStart: end + 1 };
}

/**
 * The common case read without the YAML parser (which costs more than the rest of reading a
 * file): only top-level `key: value` lines whose values are plain words that YAML's core schema
 * reads as text (a letter first, then letters, digits, spaces, `_`, `.`, `-`; not true, false or
 * null), blank lines and `#` comments, keys at most once, no `speakers`. Anything else → null,
 * and the YAML parser decides. Gives exactly what the parser would (a property test checks).
 */
const SIMPLE_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):[ \t]+([A-Za-z][A-Za-z0-9_.-]*(?: [A-Za-z0-9_.-]+)*)[ \t]*$/;
const NOT_TEXT = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL']);

export function simpleFrontMatter(source: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const line of source.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const m = SIMPLE_LINE.exec(line);
    if (m === null) return null;
    const key = m[1]!;
    const value = m[2]!;
    if (key === 'speakers' || key === '__proto__' || NOT_TEXT.has(key) || Object.hasOwn(out, key) || NOT_TEXT.has(value)) return null;
    out[key] = value;
  }
  return out;
}

export function parseFrontMatter(source: string, file: string, firstLine: number): FrontMatter {
  const simple = simpleFrontMatter(source);
  if (simple !== null) {
    const meta: FrontMatter = { ...simple };
    if (simple.interviewer !== undefined) meta.interviewer = [simple.interviewer];
    return meta;
  }
  return yamlFrontMatter(source, file, firstLine);
}

/** Front matter read by the YAML parser, with FILE:LINE:COL errors. */
export function yamlFrontMatter(source: string, file: string, firstLine: number): FrontMatter {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const p = counter.linePos(offset ?? 0);
    return { file, line: p.line + firstLine - 1, col: p.col };
  };
  const problem = doc.errors[0];
  if (problem) throw new AdmError(`front matter: ${firstSentence(problem.message)}`, at(problem.pos[0]));
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) {
    throw new AdmError('front matter must be a set of `key: value` lines', at(doc.contents.range?.[0]));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new AdmError(`front matter: ${(e as Error).message}`, at(0));
  }
  const raw = value as Record<string, unknown>;
  const meta: FrontMatter = { ...raw };
  const node = (key: string): Node | undefined => {
    const pair = doc.contents && isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    return (pair?.value as Node | undefined) ?? undefined;
  };
  const where = (key: string) => at(node(key)?.range?.[0]);

  if ('id' in raw) {
    if (typeof raw.id !== 'string' && typeof raw.id !== 'number') throw new AdmError('front matter: `id` must be text', where('id'));
    meta.id = String(raw.id).trim();
    if (meta.id === '') throw new AdmError('front matter: `id` is empty', where('id'));
  }
  if ('group' in raw) {
    if (raw.group === null) delete meta.group;
    else if (typeof raw.group !== 'string' && typeof raw.group !== 'number') {
      throw new AdmError('front matter: `group` must be text', where('group'));
    } else meta.group = String(raw.group).trim();
  }
  if ('interviewer' in raw) {
    const v = raw.interviewer;
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
      throw new AdmError('front matter: `interviewer` must be a label or a list of labels', where('interviewer'));
    }
    meta.interviewer = list.map((x: string) => x.trim()).filter((x: string) => x !== '');
  }
  if ('speakers' in raw) {
    const v = raw.speakers;
    const n = node('speakers');
    if (v === null || typeof v !== 'object' || Array.isArray(v) || (n !== undefined && !isMap(n))) {
      throw new AdmError('front matter: `speakers` must map labels to participant ids (`P1: FG1-P1`)', where('speakers'));
    }
    const map: Record<string, string> = {};
    for (const [k, id] of Object.entries(v as Record<string, unknown>)) {
      if (typeof id !== 'string' && typeof id !== 'number') {
        throw new AdmError(`front matter: speaker \`${k}\` must map to a participant id`, where('speakers'));
      }
      map[k.trim()] = String(id).trim();
    }
    meta.speakers = map;
  }
  if (isSeq(doc.contents)) throw new AdmError('front matter must be a mapping', at(0));
  return meta;
}

function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}
