/**
 * `adm-code matrix`: the case × code matrix for R, SPSS or Excel — one row per participant with
 * its group and attributes, then one column per theme with the number of coded segments
 * (`--binary`: 1 when coded at all).
 */
import { makeGrouping, Speakers } from '../analyse/participants.js';
import { cmp } from '../read/files.js';
import type { Output, Table } from '../types.js';
import { codedDocuments, inputsOf, openStudy, type CommonOptions, type Warn } from './study.js';

export interface MatrixOptions extends CommonOptions {
  binary?: boolean;
}

export async function matrix(transcripts: string[], options: MatrixOptions, warn: Warn): Promise<Output> {
  const study = await openStudy(transcripts, options, warn);
  const themes = study.codebook.themes;
  const index = new Map(themes.map((t, i) => [t.id, i]));
  const speakers = new Speakers();
  const counts = new Map<string, Int32Array>();
  for await (const { doc, coded } of codedDocuments(study, warn)) {
    for (const { segment, codings } of coded) {
      speakers.add(segment.participant, segment.documentGroup, doc.path);
      let c = counts.get(segment.participant);
      if (!c) counts.set(segment.participant, (c = new Int32Array(themes.length)));
      for (const k of codings) c[index.get(k.theme)!]! += 1;
    }
  }
  const grouping = makeGrouping('group', speakers, study.sheet);
  const attrs = study.sheet?.columns ?? [];
  const rows: Table['rows'] = [...counts.keys()].sort(cmp).map((p) => {
    const row: Table['rows'][number] = { participant: p, group: grouping.keysOf(p)[0]! };
    for (const a of attrs) row[a] = study.sheet?.rows.get(p)?.[a] ?? null;
    const c = counts.get(p)!;
    themes.forEach((t, i) => (row[t.id] = options.binary ? (c[i]! > 0 ? 1 : 0) : c[i]!));
    return row;
  });
  const table: Table = {
    name: 'matrix',
    title: `Participants × themes (${options.binary ? '1 = coded' : 'coded segments'})`,
    columns: [
      { key: 'participant', format: 'text' },
      { key: 'group', format: 'text' },
      ...attrs.map((key) => ({ key, format: 'text' as const })),
      ...themes.map((t) => ({ key: t.id, format: 'int' as const })),
    ],
    rows,
  };
  return { tables: [table], inputs: inputsOf(study) };
}
