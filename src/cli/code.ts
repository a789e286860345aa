/** `adm-code code`: one row per coded segment × theme (SPEC §2 columns). */
import { makeGrouping, Speakers } from '../analyse/participants.js';
import type { Output, Table } from '../types.js';
import { codedDocuments, inputsOf, openStudy, type CommonOptions, type Warn } from './study.js';

export interface CodeOptions extends CommonOptions {
  theme?: string[];
}

export const CODE_COLUMNS: Table['columns'] = [
  { key: 'document', format: 'text' },
  { key: 'segment', format: 'text' },
  { key: 'line', format: 'int' },
  { key: 'start', format: 'text' },
  { key: 'speaker', format: 'text' },
  { key: 'participant', format: 'text' },
  { key: 'group', format: 'text' },
  { key: 'theme', format: 'text' },
  { key: 'hits', format: 'int' },
  { key: 'matched', format: 'text' },
  { key: 'text', format: 'text' },
  { key: 'source', format: 'text' },
];

export async function code(transcripts: string[], options: CodeOptions, warn: Warn): Promise<Output> {
  const study = await openStudy(transcripts, options, warn);
  const speakers = new Speakers();
  const rows: Table['rows'] = [];
  for await (const { doc, coded } of codedDocuments(study, warn)) {
    for (const { segment, codings } of coded) {
      speakers.add(segment.participant, segment.documentGroup, doc.path);
      for (const c of codings) {
        rows.push({
          document: segment.document,
          segment: segment.id,
          line: segment.line,
          start: segment.start,
          speaker: segment.speaker,
          participant: segment.participant,
          group: null,
          theme: c.theme,
          hits: c.hits,
          matched: c.spans.map(([s, e]) => segment.text.slice(s, e).replace(/\s+/g, ' ')).join(';'),
          text: segment.text,
          source: c.source ?? 'auto',
        });
      }
    }
  }
  // Groups are known once every transcript has been read (a participant may speak in several).
  const grouping = makeGrouping('group', speakers, study.sheet);
  for (const r of rows) r.group = grouping.keysOf(String(r.participant))[0]!;
  const table: Table = { name: 'codings', title: 'Coded segments', columns: CODE_COLUMNS, rows };
  const display: Table = {
    name: 'codings',
    title: `Coded segments (${rows.length})`,
    columns: [
      { key: 'segment', format: 'text' },
      { key: 'line', format: 'int' },
      { key: 'participant', format: 'text' },
      { key: 'group', format: 'text' },
      { key: 'theme', format: 'text' },
      { key: 'hits', format: 'int' },
      { key: 'source', format: 'text' },
      { key: 'matched', format: 'text' },
    ],
    rows: rows.map((r) => ({ ...r, matched: clip(String(r.matched), 60) })),
  };
  return { inputs: inputsOf(study), tables: [table], display: [display] };
}

/** Shortens text for a terminal cell; the data formats always carry the whole text. */
function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}
