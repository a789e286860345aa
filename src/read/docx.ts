/**
 * Word (.docx) → Document. mammoth turns the file into HTML; a small parser of that HTML
 * (mammoth writes well-formed `<p>`, `<h1>`…, `<strong>`, `<em>`, `<br />`, `<ul>/<ol><li>`,
 * `<table><thead>/<tbody><tr><th>/<td><p>…`, and escapes only & < > ") turns it into body lines.
 *
 * Numbering: every paragraph (empty ones too), heading and list item, and every table row, counts
 * as one "paragraph" in document order, from 1; a line reports the number of the paragraph it
 * comes from (`lineNumbers`). A soft line break (Shift+Enter, `<br />`) splits a paragraph into
 * several lines with the same number. Footnotes, endnotes and comments are left out.
 *
 * Speaker labels as transcription services deliver them become `LABEL: text` lines:
 * - a paragraph opening with a bold run: `**Interviewer:** text`, `**Interviewer**: text`,
 *   `**Interviewer: text**` (the whole turn bold), `**Interviewer**<TAB>text`; a bold label
 *   followed only by a space (`**Interviewer** text`) or standing alone on its paragraph (text in
 *   the next paragraphs, as Otter writes `Speaker 1  0:03`) counts when that label opens at least
 *   two paragraphs — a single bold word opening a paragraph is more often emphasis than a speaker;
 * - `Interviewer<TAB>text` (also `00:01:02<TAB>Interviewer<TAB>text`);
 * - a table with a speaker column and a text column (optionally a time column): one line per row
 *   (paragraphs of a cell joined by a space), a header row (`Speaker | Text`, or rows marked as
 *   header rows in Word) skipped, an empty speaker cell continuing the turn above. A two-column
 *   table counts as a transcript when it has such a header or a speaker opens several rows;
 *   other tables give one line per row, cells joined by a space.
 * A time written with the label (`Interviewer (00:01:23)`) becomes the turn's timestamp. These
 * labels go into `labels`, so they start turns whatever their shape; other paragraphs are left as
 * written for the segmenter (`P07: text` typed plainly works as in a .txt file).
 *
 * Front matter: when the first non-empty paragraphs are `---` … `---`, they are read exactly as a
 * .txt file's front matter (note that Word's AutoFormat may turn a typed `---` into a border line;
 * a `NAME.meta.yaml` sidecar avoids that).
 */
import path from 'node:path';
import mammoth from 'mammoth';
import { AdmError, oneLine } from '../cli/errors.js';
import { labelKey } from '../segment/index.js';
import type { Document } from '../types.js';
import { splitFrontMatter } from './frontmatter.js';
import { addLabel, cleanLabel, clockOnly, decodeEntities, nameLike, plausibleLabel, splitLabelClock, squash, turnLine } from './markup.js';

// ---------------------------------------------------------------------------------------------
// A small parser for mammoth's HTML.

interface El {
  tag: string;
  attrs: Record<string, string>;
  children: Array<El | string>;
}

const VOID = new Set(['br', 'img', 'input', 'hr', 'col', 'wbr']);
const TOKEN = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=/>]+(?:\s*=\s*"[^"]*")?)*)\s*(\/?)>|([^<]+|<)/g;
const ATTR = /([^\s=/>]+)(?:\s*=\s*"([^"]*)")?/g;

export function parseHtml(html: string): El {
  const root: El = { tag: '#root', attrs: {}, children: [] };
  const stack: El[] = [root];
  const top = () => stack[stack.length - 1]!;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    if (m[5] !== undefined) {
      top().children.push(decodeEntities(m[5]));
      continue;
    }
    if (m[2] === undefined) continue; // comment
    const tag = m[2].toLowerCase();
    if (m[1] === '/') {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const attrs: Record<string, string> = {};
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(m[3] ?? ''); a; a = ATTR.exec(m[3] ?? '')) attrs[a[1]!.toLowerCase()] = decodeEntities(a[2] ?? '');
    const el: El = { tag, attrs, children: [] };
    top().children.push(el);
    if (!VOID.has(tag) && m[4] !== '/') stack.push(el);
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// HTML → paragraphs and table rows.

interface Run {
  text: string;
  bold: boolean;
}

type Item =
  | { kind: 'para'; para: number; pieces: Run[][] }
  | { kind: 'table'; rows: Array<{ para: number; cells: string[]; header: boolean }> };

const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'table', 'blockquote', 'div', 'pre', 'dl']);
const NOTE_ID = /^(?:footnote|endnote|comment)-/;
const NOTE_REF_ID = /^(?:footnote|endnote|comment)-ref-/;

function inline(nodes: Array<El | string>, bold: boolean, pieces: Run[][]): void {
  for (const n of nodes) {
    if (typeof n === 'string') {
      if (n !== '') pieces[pieces.length - 1]!.push({ text: n, bold });
      continue;
    }
    if (n.tag === 'br') pieces.push([]);
    else if (n.tag === 'img' || n.tag === 'input') continue;
    else if (n.tag === 'a' && NOTE_REF_ID.test(n.attrs.id ?? '')) continue; // footnote mark `[1]`
    else inline(n.children, bold || n.tag === 'strong' || n.tag === 'b', pieces);
  }
}

function textOf(nodes: Array<El | string>): string {
  const parts: string[] = [];
  const walk = (ns: Array<El | string>) => {
    for (const n of ns) {
      if (typeof n === 'string') parts.push(n);
      else if (n.tag === 'a' && NOTE_REF_ID.test(n.attrs.id ?? '')) continue;
      else if (n.tag === 'br' || BLOCK.has(n.tag) || n.tag === 'td' || n.tag === 'th' || n.tag === 'tr') {
        parts.push(' ');
        walk(n.children);
        parts.push(' ');
      } else walk(n.children);
    }
  };
  walk(nodes);
  return squash(parts.join(''));
}

function collect(html: string): Item[] {
  const items: Item[] = [];
  let para = 0;
  const paragraph = (nodes: Array<El | string>) => {
    const pieces: Run[][] = [[]];
    inline(nodes, false, pieces);
    items.push({ kind: 'para', para: ++para, pieces });
  };
  const rowsOf = (el: El, rows: El[]) => {
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (c.tag === 'tr') rows.push(c);
      else if (c.tag === 'thead' || c.tag === 'tbody' || c.tag === 'tfoot') rowsOf(c, rows);
    }
  };
  const blocks = (nodes: Array<El | string>) => {
    for (const n of nodes) {
      if (typeof n === 'string') {
        if (n.trim() !== '') paragraph([n]);
        continue;
      }
      if (NOTE_ID.test(n.attrs.id ?? '') || n.tag === 'dl') continue; // notes and comments
      if (n.tag === 'p' || /^h[1-6]$/.test(n.tag) || n.tag === 'pre') paragraph(n.children);
      else if (n.tag === 'li') {
        const own = n.children.filter((c) => typeof c === 'string' || !BLOCK.has(c.tag));
        const nested = n.children.filter((c) => typeof c !== 'string' && BLOCK.has(c.tag));
        if (own.length > 0 || nested.length === 0) paragraph(own);
        blocks(nested);
      } else if (n.tag === 'table') {
        const trs: El[] = [];
        rowsOf(n, trs);
        const rows = trs.map((tr) => {
          const cells = tr.children.filter((c): c is El => typeof c !== 'string' && (c.tag === 'td' || c.tag === 'th'));
          return { para: ++para, cells: cells.map((c) => textOf(c.children)), header: cells.length > 0 && cells.every((c) => c.tag === 'th') };
        });
        items.push({ kind: 'table', rows });
      } else if (BLOCK.has(n.tag) || n.tag === 'thead' || n.tag === 'tbody') blocks(n.children);
      else paragraph([n]); // inline content at block level (not written by mammoth)
    }
  };
  blocks(parseHtml(html).children);
  return items;
}

// ---------------------------------------------------------------------------------------------
// Speaker labels.

type Form = 'colon' | 'tab' | 'space' | 'alone';

interface Candidate {
  label: string;
  start: string | null;
  text: string;
  form: Form;
}

const CLOCK_THEN_TAB = /^\s*[[(]?(\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?)[\])]?\t+/;

function withClock(label: string, text: string, form: Form, start: string | null = null): Candidate | null {
  const split = splitLabelClock(label.replace(/:\s*$/, ''));
  let when = split.start ?? start;
  let rest = text;
  const t = CLOCK_THEN_TAB.exec(rest);
  if (t && when === null) {
    when = t[1]!;
    rest = rest.slice(t[0].length);
  }
  if (form !== 'colon' && clockOnly(rest) !== null && when === null) {
    when = clockOnly(rest);
    rest = '';
    form = 'alone';
  }
  const l = split.label.trim();
  if (!plausibleLabel(l)) return null;
  return { label: cleanLabel(l), start: when, text: rest.trim(), form: rest.trim() === '' && form !== 'colon' ? 'alone' : form };
}

function boldCandidate(runs: Run[]): Candidate | null {
  let i = 0;
  while (i < runs.length && runs[i]!.text.trim() === '') i++;
  let b = '';
  while (i < runs.length && runs[i]!.bold) b += runs[i++]!.text;
  const rest = runs.slice(i).map((r) => r.text).join('');
  const bt = b.trim();
  if (bt === '') return null;
  if (bt.endsWith(':')) return withClock(bt.slice(0, -1), rest, 'colon');
  const colonAfter = /^\s*:/.exec(rest);
  if (colonAfter) return withClock(bt, rest.slice(colonAfter[0].length), 'colon');
  const inside = /:(?:\s|$)/.exec(bt);
  if (inside && !/^\d/.test(bt)) return withClock(bt.slice(0, inside.index), bt.slice(inside.index + 1) + rest, 'colon');
  if (rest.trim() === '') return withClock(bt, '', 'alone');
  if (/^\t/.test(b.slice(b.trimEnd().length) + rest)) return withClock(bt, rest, 'tab');
  if (/^\s/.test(rest) || /\s$/.test(b)) return withClock(bt, rest, 'space');
  return null; // `**Inter**viewer`: bold inside a word
}

function tabCandidate(text: string): Candidate | null {
  if (!text.includes('\t')) return null;
  const fields = text.split('\t').map((f) => f.trim());
  if (fields[0] === '') return null; // an indented paragraph
  let start: string | null = null;
  if (fields.length >= 3 && clockOnly(fields[0]!) !== null) start = clockOnly(fields.shift()!);
  const label = fields.shift()!;
  if (start === null && fields.length >= 2 && clockOnly(fields[0]!) !== null) start = clockOnly(fields.shift()!);
  const rest = fields.filter((f) => f !== '').join(' ');
  return withClock(label, rest, label.endsWith(':') ? 'colon' : 'tab', start);
}

// ---------------------------------------------------------------------------------------------
// Tables.

const SPEAKER_HEAD = /^(?:speakers?|names?|who|person|participants?|role|talker|voice)$/i;
const TEXT_HEAD = /^(?:text|transcript|transcription|utterances?|speech|dialogue|content|responses?|what was said|words|comments?|quotes?)$/i;
const TIME_HEAD = /^(?:time|times|timestamps?|time ?codes?|start|start time|in)$/i;

/** [time?, speaker, text] of a row, or null when the row does not have that shape. */
function rowShape(cells: string[]): { start: string | null; speaker: string; text: string } | null {
  const c = [...cells];
  let start: string | null = null;
  if (c.length === 3 && (clockOnly(c[0]!) !== null || c[0] === '')) start = clockOnly(c.shift()!);
  else if (c.length === 3 && (clockOnly(c[1]!) !== null || c[1] === '')) start = clockOnly(c.splice(1, 1)[0]!);
  if (c.length !== 2) return null;
  return { start, speaker: c[0]!.replace(/:\s*$/, '').trim(), text: c[1]! };
}

function isHeader(cells: string[]): boolean {
  const c = cells.filter((x) => !TIME_HEAD.test(x));
  return c.length === 2 && SPEAKER_HEAD.test(c[0]!) && TEXT_HEAD.test(c[1]!);
}

// ---------------------------------------------------------------------------------------------

interface Line {
  para: number;
  /** Plain text (front matter is read from this). */
  plain: string;
  /** The body line, once labels are recognised. */
  body: string;
  candidate: Candidate | null;
}

function notDocx(reason: string, file: string): AdmError {
  return new AdmError(`not a readable .docx file (${reason})`, { file });
}

/** Parses a .docx file's bytes; `shownPath` names the file in errors. */
export async function parseDocx(bytes: Uint8Array, shownPath: string): Promise<Document> {
  if (bytes.length === 0) throw notDocx('the file is empty', shownPath);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw notDocx('it is an old Word .doc file or a password-protected document; save it as .docx without a password', shownPath);
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) throw notDocx('it is not a zip archive, as every .docx file is', shownPath);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { ignoreEmptyParagraphs: false, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (e) {
    const message = oneLine((e as Error)?.message ?? String(e));
    const reason = /central directory|corrupted zip|zip/i.test(message)
      ? `damaged zip archive: ${message.replace(/\s*If it is, see https?:\S+/, '').replace(/\s*:\s*is this a zip file \?/, '')}`
      : /main document part/i.test(message)
        ? 'no word/document.xml inside: it is a zip archive but not a Word document'
        : message;
    throw notDocx(reason, shownPath);
  }

  // Paragraphs and rows → lines.
  const lines: Line[] = [];
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const item of collect(html)) {
    if (item.kind === 'para') {
      for (const runs of item.pieces) {
        const plain = runs.map((r) => r.text).join('');
        lines.push({ para: item.para, plain, body: plain.trimEnd(), candidate: boldCandidate(runs) ?? tabCandidate(plain) });
      }
      continue;
    }
    const body = item.rows.filter((r) => !r.header && !isHeader(r.cells));
    const shapes = body.map((r) => rowShape(r.cells));
    const speakers = shapes.filter((s) => s !== null && s.speaker !== '').map((s) => labelKey(s!.speaker));
    const transcript =
      shapes.length > 0 &&
      shapes.every((s) => s !== null && (s.speaker === '' || plausibleLabel(s.speaker))) &&
      (body.length < item.rows.length || new Set(speakers).size < speakers.length);
    for (const r of item.rows) {
      const plain = r.cells.join('\t');
      if (transcript && (r.header || isHeader(r.cells))) continue;
      const s = transcript ? rowShape(r.cells) : null;
      let text = r.cells.filter((c) => c !== '').join(' ');
      if (s && s.speaker === '') text = s.text;
      else if (s) {
        const label = cleanLabel(s.speaker);
        addLabel(labels, seen, label);
        text = turnLine(label, s.text, s.start);
      }
      lines.push({ para: r.para, plain, body: text, candidate: null });
    }
  }

  // Front matter, as in a .txt file, in the first non-empty paragraphs.
  let skip = 0;
  while (skip < lines.length && lines[skip]!.plain.trim() === '') skip++;
  let meta: Document['meta'] = {};
  let bodyStart = 0;
  if (skip < lines.length && lines[skip]!.plain.trim() === '---') {
    try {
      const split = splitFrontMatter(lines.slice(skip).map((l) => l.plain.trimEnd()), shownPath);
      meta = split.meta;
      bodyStart = skip + split.bodyStart;
    } catch (e) {
      if (e instanceof AdmError && e.line !== undefined) {
        const para = lines[skip + e.line - 1]?.para ?? e.line;
        throw new AdmError(e.message, { file: shownPath, line: para, ...(e.col !== undefined ? { col: e.col } : {}) });
      }
      throw e;
    }
  }
  const body = lines.slice(bodyStart);

  // A label of unusual form counts when it opens at least two paragraphs.
  const counts = new Map<string, number>();
  for (const l of body) if (l.candidate) counts.set(labelKey(l.candidate.label), (counts.get(labelKey(l.candidate.label)) ?? 0) + 1);
  const accept = (c: Candidate): boolean => {
    const recurs = (counts.get(labelKey(c.label)) ?? 0) >= 2;
    switch (c.form) {
      case 'colon':
        return true;
      case 'tab':
        return nameLike(c.label) || recurs;
      case 'space':
        return recurs;
      case 'alone':
        return recurs || (c.start !== null && nameLike(c.label));
    }
  };
  for (const l of body) {
    if (l.candidate && accept(l.candidate)) {
      l.body = turnLine(l.candidate.label, l.candidate.text, l.candidate.start);
      addLabel(labels, seen, l.candidate.label);
    }
  }

  const lineNumbers = body.map((l) => l.para);
  return {
    path: shownPath,
    id: meta.id ?? path.basename(shownPath).replace(/\.[^.]*$/, ''),
    meta,
    lines: body.map((l) => l.body),
    firstLine: lineNumbers[0] ?? 1,
    lineNumbers,
    labels,
  };
}
