/**
 * `adm-code excerpts`: the quotes behind the numbers — every coded segment of the chosen themes,
 * grouped by theme and group, with the matched words highlighted and optional context turns.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Chalk } from 'chalk';
import { makeGrouping, Speakers } from '../analyse/participants.js';
import { markup, Redactor, type Span } from '../analyse/redact.js';
import { cmp } from '../read/files.js';
import type { Output, Segment, Table } from '../types.js';
import { AdmError, UsageError } from './errors.js';
import { codedDocuments, inputsOf, openStudy, type CommonOptions, type Warn } from './study.js';

export interface ExcerptOptions extends CommonOptions {
  theme?: string[];
  group?: string[];
  participant?: string[];
  context?: number;
  redact?: boolean;
  redactFile?: string;
}

interface Excerpt {
  theme: string;
  segment: Segment;
  spans: Span[];
  hits: number;
  before: Segment[];
  after: Segment[];
  order: number;
}

export async function excerpts(transcripts: string[], options: ExcerptOptions, warn: Warn, style: { format: string; color: boolean }): Promise<Output> {
  const study = await openStudy(transcripts, options, warn);
  const themes = study.codebook.themes;
  const byId = new Map(themes.map((t) => [t.id, t]));
  for (const t of options.theme ?? []) {
    if (!byId.has(t)) throw new UsageError(`--theme ${t}: no such theme in ${study.codebook.path} (see adm-code codebook check)`);
  }
  const wanted = new Set(options.theme ?? themes.map((t) => t.id));
  const context = options.context ?? 0;
  if (!Number.isInteger(context) || context < 0) throw new UsageError('--context takes a whole number of turns (0 or more)');

  const names = new Set<string>(study.codebook.redact);
  if (options.redactFile) {
    const text = await readFile(path.resolve(options.redactFile), 'utf8').catch(() => {
      throw new AdmError('redact file not found', { file: options.redactFile });
    });
    for (const line of text.split(/\r\n|\r|\n/)) if (line.trim() && !line.trim().startsWith('#')) names.add(line.trim());
  }

  const speakers = new Speakers();
  const found: Excerpt[] = [];
  let order = 0;
  for await (const { doc, segments, coded } of codedDocuments(study, warn)) {
    for (const s of segments) {
      if (s.interviewer) continue;
      names.add(s.speaker);
      names.add(s.participant);
    }
    for (const { segment, codings } of coded) {
      speakers.add(segment.participant, segment.documentGroup, doc.path);
      for (const c of codings) {
        if (!wanted.has(c.theme)) continue;
        const at = segment.index - 1;
        found.push({
          theme: c.theme,
          segment,
          spans: c.spans,
          hits: c.hits,
          before: segments.slice(Math.max(0, at - context), at),
          after: segments.slice(at + 1, at + 1 + context),
          order: order++,
        });
      }
    }
  }
  const grouping = makeGrouping('group', speakers, study.sheet);
  const groupOf = (p: string) => grouping.keysOf(p)[0]!;
  const groups = options.group ? new Set(options.group) : null;
  const people = options.participant ? new Set(options.participant) : null;
  const themeOrder = new Map(themes.map((t, i) => [t.id, i]));
  const chosen = found
    .filter((e) => (!groups || groups.has(groupOf(e.segment.participant))) && (!people || people.has(e.segment.participant)))
    .sort((a, b) => themeOrder.get(a.theme)! - themeOrder.get(b.theme)! || cmp(groupOf(a.segment.participant), groupOf(b.segment.participant)) || a.order - b.order);

  const redactor = options.redact ? new Redactor(names) : null;
  const clean = (s: string) => (redactor ? redactor.apply(s) : s);
  const label = (s: string) => (redactor ? '[REDACTED]' : s);
  const turn = (s: Segment) => `${label(s.speaker)}: ${clean(s.text)}`;

  const rows: Table['rows'] = chosen.map((e) => ({
    theme: e.theme,
    group: groupOf(e.segment.participant),
    participant: label(e.segment.participant),
    document: e.segment.document,
    segment: e.segment.id,
    line: e.segment.line,
    hits: e.hits,
    matched: e.spans.map(([a, b]) => clean(e.segment.text.slice(a, b)).replace(/\s+/g, ' ')).join(';'),
    text: clean(e.segment.text),
    context_before: e.before.map(turn).join('\n'),
    context_after: e.after.map(turn).join('\n'),
  }));
  const table: Table = {
    name: 'excerpts',
    title: 'Excerpts',
    columns: ['theme', 'group', 'participant', 'document', 'segment', 'line', 'hits', 'matched', 'text', 'context_before', 'context_after'].map((key) => ({
      key,
      format: key === 'line' || key === 'hits' ? 'int' : 'text',
    })),
    rows,
  };

  // People's view: headings per theme and group, each quote with its source and highlights.
  const chalk = new Chalk({ level: style.color ? 1 : 0 });
  const md = style.format === 'md';
  const hl = md ? (s: string) => `**${s}**` : (s: string) => chalk.bold.yellow(s);
  const lines: string[] = [];
  let lastTheme = '';
  let lastGroup = '';
  for (const e of chosen) {
    const t = byId.get(e.theme)!;
    const g = groupOf(e.segment.participant);
    if (e.theme !== lastTheme) {
      const n = chosen.filter((x) => x.theme === e.theme);
      const ps = new Set(n.map((x) => x.segment.participant)).size;
      lines.push('', md ? `## ${t.id}: ${t.label}` : chalk.bold(`${t.id}: ${t.label}`) + ` (${ps} participant${ps === 1 ? '' : 's'}, ${n.length} excerpt${n.length === 1 ? '' : 's'})`);
      if (md) lines.push('', `${ps} participant${ps === 1 ? '' : 's'}, ${n.length} excerpt${n.length === 1 ? '' : 's'}`);
      lastTheme = e.theme;
      lastGroup = '';
    }
    if (g !== lastGroup) {
      lines.push('', md ? `### ${g}` : `  ${chalk.underline(g)}`);
      lastGroup = g;
    }
    const s = e.segment;
    const source = `${label(s.participant)} · ${s.id} · ${s.path}:${s.line}${s.start ? ` · ${s.start}` : ''} · ${e.hits} hit${e.hits === 1 ? '' : 's'}`;
    const body = markup(s.text, e.spans, redactor ? redactor.spans(s.text) : [], hl);
    if (md) {
      lines.push('', `*${source}*`, '');
      for (const c of e.before) lines.push(`> *${turn(c).replace(/\n/g, ' ')}*`, '>');
      lines.push(...body.split('\n').map((l) => `> ${l}`));
      for (const c of e.after) lines.push('>', `> *${turn(c).replace(/\n/g, ' ')}*`);
    } else {
      lines.push(`    ${chalk.dim(source)}`);
      for (const c of e.before) lines.push(...turn(c).split('\n').map((l) => `      ${chalk.dim(l)}`));
      lines.push(...body.split('\n').map((l, i) => `      ${i === 0 && context > 0 ? `${label(s.speaker)}: ` : ''}${l}`));
      for (const c of e.after) lines.push(...turn(c).split('\n').map((l) => `      ${chalk.dim(l)}`));
      lines.push('');
    }
  }
  if (chosen.length === 0) lines.push('No coded segments match.');
  return { tables: [table], display: [], preface: lines.join('\n').replace(/^\n+/, '') + '\n', inputs: inputsOf(study) };
}
