/**
 * `adm-code cooccur`: which themes travel together. For each pair of themes (codebook order, a
 * parent and its own descendants left out as they co-occur by construction): segments coded with
 * both, participants coded with both (anywhere in their data), and the Jaccard index of the two
 * themes' segment sets.
 */
import type { Output, Table } from '../types.js';
import { codedDocuments, inputsOf, openStudy, type CommonOptions, type Warn } from './study.js';

export async function cooccur(transcripts: string[], options: CommonOptions, warn: Warn): Promise<Output> {
  const study = await openStudy(transcripts, options, warn);
  const themes = study.codebook.themes;
  const n = themes.length;
  const index = new Map(themes.map((t, i) => [t.id, i]));
  const both = new Int32Array(n * n);
  const single = new Int32Array(n);
  const byParticipant = new Map<string, Uint8Array>();
  for await (const { coded } of codedDocuments(study, warn)) {
    for (const { segment, codings } of coded) {
      const ids = codings.map((c) => index.get(c.theme)!);
      let p = byParticipant.get(segment.participant);
      if (!p) byParticipant.set(segment.participant, (p = new Uint8Array(n)));
      for (const i of ids) {
        single[i]! += 1;
        p[i] = 1;
        for (const j of ids) both[i * n + j]! += 1;
      }
    }
  }
  const ancestors = (i: number): Set<string> => {
    const out = new Set<string>();
    let p = themes[i]!.parent;
    while (p) {
      out.add(p);
      p = themes[index.get(p)!]!.parent;
    }
    return out;
  };
  const rows: Table['rows'] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (ancestors(j).has(themes[i]!.id) || ancestors(i).has(themes[j]!.id)) continue;
      let participants = 0;
      for (const p of byParticipant.values()) if (p[i] && p[j]) participants++;
      const segs = both[i * n + j]!;
      const union = single[i]! + single[j]! - segs;
      rows.push({ theme_a: themes[i]!.id, theme_b: themes[j]!.id, segments: segs, participants, jaccard: union === 0 ? null : segs / union });
    }
  }
  const table: Table = {
    name: 'cooccur',
    title: 'Theme pairs coded together',
    columns: [
      { key: 'theme_a', format: 'text' },
      { key: 'theme_b', format: 'text' },
      { key: 'segments', format: 'int' },
      { key: 'participants', format: 'int' },
      { key: 'jaccard', format: 'dec3' },
    ],
    rows,
  };
  const display: Table = { ...table, title: 'Theme pairs coded together in at least one segment (all pairs: --format csv)', rows: rows.filter((r) => (r.segments as number) > 0).sort((a, b) => (b.jaccard as number) - (a.jaccard as number) || (b.segments as number) - (a.segments as number)) };
  return { tables: [table], display: [display], inputs: inputsOf(study) };
}
