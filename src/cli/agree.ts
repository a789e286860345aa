/**
 * `adm-code agree`: two coders compared segment by segment and theme by theme, over every
 * participant segment of the transcripts (a segment neither coded is agreement on "absent").
 * With `--auto`, the second coder is the codebook's rules and the file is the reference.
 */
import path from 'node:path';
import { withAncestors } from '../analyse/agree.js';
import { alphaFromTable, cohenKappa, landisKoch, percentAgreement, type TwoByTwo } from '../analyse/reliability.js';
import { readCodings, type CodingRow } from '../read/codings.js';
import type { Output, Table } from '../types.js';
import { AdmError, UsageError } from './errors.js';
import { codedDocuments, inputsOf, openStudy, type CommonOptions, type Warn } from './study.js';

export interface AgreeOptions extends CommonOptions {
  codings?: string[];
  auto?: boolean;
  disagreements?: boolean;
  minKappa?: number;
}

export interface AgreeResult {
  output: Output;
  /** Themes whose kappa is below --min-kappa. */
  belowMinimum: string[];
}

export async function agree(transcripts: string[], options: AgreeOptions, warn: Warn, cwd = process.cwd()): Promise<AgreeResult> {
  const files = options.codings ?? [];
  if (options.auto ? files.length !== 1 : files.length !== 2) {
    throw new UsageError(options.auto ? 'agree --auto takes one --codings FILE (the reference)' : 'agree needs two --codings files (or one and --auto)');
  }
  // The coders' files are compared, not added to the rules: the rules side is the rules alone.
  const study = await openStudy(transcripts, { ...options, rulesOnly: true }, warn, cwd);
  const themes = study.codebook.themes;
  const known = new Set(themes.map((t) => t.id));

  // Every participant segment, with its text and the rules' codes.
  const segments: Array<{ id: string; document: string; line: number; participant: string; text: string }> = [];
  const auto = new Map<string, Set<string>>();
  for await (const { coded } of codedDocuments(study, warn, cwd)) {
    for (const { segment, codings } of coded) {
      segments.push({ id: segment.id, document: segment.document, line: segment.line, participant: segment.participant, text: segment.text });
      auto.set(segment.id, new Set(codings.map((c) => c.theme)));
    }
  }
  const bySegment = new Map(segments.map((s) => [s.id, s]));

  const load = async (file: string) => {
    const rows = await readCodings(path.resolve(cwd, file), file);
    const codes = new Map<string, Set<string>>();
    for (const r of rows) check(r, file, bySegment, known);
    for (const r of rows) {
      if (!codes.has(r.segment)) codes.set(r.segment, new Set());
      codes.get(r.segment)!.add(r.theme);
    }
    const coder = rows.find((r) => r.coder)?.coder ?? path.basename(file).replace(/\.[^.]*$/, '');
    return { coder, codes: withAncestors(codes, themes) };
  };
  const a = await load(files[0]!);
  const b = options.auto ? { coder: 'rules', codes: auto } : await load(files[1]!);
  if (!options.auto && a.coder === b.coder) b.coder = `${b.coder} (2)`;

  const ids = segments.map((s) => s.id);
  const rows: Table['rows'] = [];
  const pooled: TwoByTwo = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
  const below: string[] = [];
  const disagreements: Table['rows'] = [];
  for (const t of themes) {
    const cell: TwoByTwo = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
    for (const id of ids) {
      const x = a.codes.get(id)?.has(t.id) ?? false;
      const y = b.codes.get(id)?.has(t.id) ?? false;
      if (x && y) cell.both++;
      else if (x) cell.onlyA++;
      else if (y) cell.onlyB++;
      else cell.neither++;
      if (x !== y && options.disagreements) {
        const s = bySegment.get(id)!;
        disagreements.push({ document: s.document, segment: id, line: s.line, participant: s.participant, theme: t.id, coded_by: x ? a.coder : b.coder, text: s.text });
      }
    }
    if (t.children.length === 0) for (const k of ['both', 'onlyA', 'onlyB', 'neither'] as const) pooled[k] += cell[k];
    const row = statsRow(t.id, cell, Boolean(options.auto));
    if (options.minKappa !== undefined && row.kappa !== null && (row.kappa as number) < options.minKappa) below.push(t.id);
    rows.push(row);
  }
  rows.push(statsRow('all', pooled, Boolean(options.auto)));

  const table: Table = {
    name: 'agreement',
    title: `Agreement of ${a.coder} (A) and ${b.coder} (B) over ${ids.length} participant segments`,
    columns: [
      { key: 'theme', format: 'text' },
      { key: 'segments', format: 'int' },
      { key: 'both', format: 'int' },
      { key: 'only_a', format: 'int' },
      { key: 'only_b', format: 'int' },
      { key: 'neither', format: 'int' },
      { key: 'agreement', format: 'pct1' },
      { key: 'kappa', format: 'dec3' },
      { key: 'alpha', format: 'dec3' },
      { key: 'precision', format: 'dec3' },
      { key: 'recall', format: 'dec3' },
      { key: 'f1', format: 'dec3' },
    ],
    rows,
  };
  const display: Table = {
    name: 'agreement',
    title: table.title!,
    columns: [
      { key: 'theme', format: 'text' },
      { key: 'both', format: 'int' },
      { key: 'only_a', format: 'int' },
      { key: 'only_b', format: 'int' },
      { key: 'agreement', format: 'pct1' },
      { key: 'kappa', format: 'dec3' },
      { key: 'strength', format: 'text' },
      { key: 'alpha', format: 'dec3' },
      ...(options.auto ? (['precision', 'recall', 'f1'] as const).map((key) => ({ key, format: 'dec3' as const })) : []),
    ],
    rows: rows.map((r) => ({ ...r, strength: landisKoch(r.kappa as number | null) })),
  };
  const tables = [table];
  const displays = [display];
  if (options.disagreements) {
    const d: Table = {
      name: 'disagreements',
      title: `Segments coded differently (${disagreements.length})`,
      columns: ['document', 'segment', 'line', 'participant', 'theme', 'coded_by', 'text'].map((key) => ({ key, format: key === 'line' ? 'int' : 'text' })),
      rows: disagreements,
    };
    tables.push(d);
    displays.push(d);
  }
  const preface = `A = ${a.coder} (${files[0]}), B = ${b.coder}${options.auto ? ' (the codebook\'s rules)' : ` (${files[1]})`}. Kappa strength: Landis & Koch (1977). "all" pools the themes without sub-themes.${options.auto ? ' Precision, recall and F1 of the rules take A as the reference.' : ''}`;
  const inputs = [...inputsOf(study, cwd), ...files.map((f) => path.resolve(cwd, f))];
  return { output: { tables, display: displays, preface, inputs }, belowMinimum: below };
}

function statsRow(theme: string, c: TwoByTwo, withRules: boolean): Table['rows'][number] {
  const precision = c.both + c.onlyB === 0 ? null : c.both / (c.both + c.onlyB);
  const recall = c.both + c.onlyA === 0 ? null : c.both / (c.both + c.onlyA);
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    theme,
    segments: c.both + c.onlyA + c.onlyB + c.neither,
    both: c.both,
    only_a: c.onlyA,
    only_b: c.onlyB,
    neither: c.neither,
    agreement: percentAgreement(c) === null ? null : Math.round(percentAgreement(c)! * 1000) / 10,
    kappa: cohenKappa(c),
    alpha: alphaFromTable(c),
    precision: withRules ? precision : null,
    recall: withRules ? recall : null,
    f1: withRules ? f1 : null,
  };
}

function check(r: CodingRow, file: string, segments: Map<string, { document: string }>, themes: Set<string>): void {
  const seg = segments.get(r.segment);
  if (!seg) throw new AdmError(`segment \`${r.segment}\` is not a participant segment of the transcripts`, { file, line: r.line });
  if (seg.document !== r.document) throw new AdmError(`segment \`${r.segment}\` belongs to document \`${seg.document}\`, not \`${r.document}\``, { file, line: r.line });
  if (!themes.has(r.theme)) throw new AdmError(`unknown theme \`${r.theme}\` (not in the codebook)`, { file, line: r.line });
}
