/** `adm-code tally`: theme frequencies per group, then the questionnaire tallies. */
import { attributeTable } from '../analyse/attributes.js';
import { ALL, makeGrouping, Speakers } from '../analyse/participants.js';
import { ThemeTally } from '../analyse/tally.js';
import { cmp } from '../read/files.js';
import type { Output, Table } from '../types.js';
import { formatCell } from '../render/cells.js';
import { codedDocuments, inputsOf, openStudy, type CommonOptions, type Warn } from './study.js';

export interface TallyOptions extends CommonOptions {
  by?: string;
}

export async function tally(transcripts: string[], options: TallyOptions, warn: Warn): Promise<Output> {
  // Only per-participant counters are kept: a large run may use the small heap (cli/heap.ts).
  const study = await openStudy(transcripts, { ...options, flatMemory: true }, warn);
  const themeIndex = new Map(study.codebook.themes.map((t, i) => [t.id, i]));
  const counts = new ThemeTally(study.codebook.themes);
  const speakers = new Speakers();
  let documents = 0;
  for await (const { doc, coded } of codedDocuments(study, warn)) {
    documents++;
    for (const { segment, codings } of coded) {
      speakers.add(segment.participant, segment.documentGroup, doc.path);
      counts.add(segment, codings, themeIndex);
    }
  }
  const sheet = study.sheet;
  const spoke = speakers.ids();
  if (sheet) {
    const noTranscript = [...sheet.rows.keys()].filter((id) => !speakers.has(id)).sort(cmp);
    if (noTranscript.length > 0) {
      warn(`${plural(noTranscript.length, 'participant')} in the sheet ${noTranscript.length === 1 ? 'does' : 'do'} not speak in any transcript (counted in the attribute tallies only): ${noTranscript.join(', ')}`, sheet.path);
    }
    const noRow = spoke.filter((id) => !sheet.rows.has(id));
    if (noRow.length > 0) warn(`${plural(noRow.length, 'speaker')} ${noRow.length === 1 ? 'has' : 'have'} no row in the sheet (attributes missing): ${noRow.join(', ')}`, sheet.path);
  }
  const grouping = makeGrouping(options.by ?? 'group', speakers, sheet);
  const themes = counts.table(grouping);
  const people = [...new Set([...spoke, ...(sheet ? sheet.rows.keys() : [])])].sort(cmp);
  const attributes = attributeTable(sheet, people, grouping);

  const preface = `${study.codebook.name}: ${plural(spoke.length, 'participant')} in ${plural(documents, 'transcript')}, ${plural(study.codebook.themes.length, 'theme')}${sheet ? `; attributes from ${sheet.path}` : '; no participants sheet'}.\nCells: participants coded / participants in the group (percent).`;
  return { inputs: inputsOf(study), tables: [themes, attributes], display: [themesDisplay(themes, study.codebook.themes), attributesDisplay(attributes)], preface };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function groupsOf(table: Table): string[] {
  const groups = [...new Set(table.rows.map((r) => String(r.group)))].filter((g) => g !== ALL);
  return [...groups, ALL];
}

/** Themes × groups, each cell `n/N (p%)`: readable without colour. */
function themesDisplay(themes: Table, themeList: Array<{ id: string; depth: number }>): Table {
  const groups = groupsOf(themes);
  const pct = themes.columns.find((c) => c.key === 'percent')!;
  const byTheme = new Map<string, Map<string, Table['rows'][number]>>();
  for (const r of themes.rows) {
    const m = byTheme.get(String(r.theme)) ?? new Map();
    m.set(String(r.group), r);
    byTheme.set(String(r.theme), m);
  }
  const rows = themeList.map((t) => {
    const row: Table['rows'][number] = { theme: '  '.repeat(t.depth) + t.id };
    for (const g of groups) {
      const r = byTheme.get(t.id)?.get(g);
      row[g] = r ? `${r.participants}/${r.group_size} (${formatCell(pct, r.percent ?? null) || '–'}%)` : '';
    }
    return row;
  });
  return {
    name: 'themes',
    title: themes.title!,
    columns: [{ key: 'theme', format: 'text' }, ...groups.map((g) => ({ key: g, format: 'text' as const }))],
    rows,
  };
}

/** Attribute levels × groups: `count/n (p%)`; numeric attributes as mean (sd), median [min–max], n. */
function attributesDisplay(attrs: Table): Table {
  const groups = groupsOf(attrs);
  const col = (key: string) => attrs.columns.find((c) => c.key === key)!;
  const f = (key: string, v: unknown) => formatCell(col(key), (v as number | null) ?? null);
  const rows: Table['rows'] = [];
  const keyOf = (r: Table['rows'][number]) => `${r.attribute}\u0000${r.level ?? ''}`;
  const order: string[] = [];
  const cells = new Map<string, Map<string, Table['rows'][number]>>();
  for (const r of attrs.rows) {
    const k = keyOf(r);
    if (!cells.has(k)) {
      cells.set(k, new Map());
      order.push(k);
    }
    cells.get(k)!.set(String(r.group), r);
  }
  let lastAttr = '';
  for (const k of order) {
    const [attribute, level] = k.split('\u0000') as [string, string];
    const shownAttr = attribute === lastAttr ? '' : attribute;
    lastAttr = attribute;
    const byGroup = cells.get(k)!;
    const first = byGroup.values().next().value!;
    if (first.level === null) {
      const lines: Array<[string, (r: Table['rows'][number]) => string]> = [
        ['mean (sd)', (r) => (r.n ? `${f('mean', r.mean)}${r.sd !== null ? ` (${f('sd', r.sd)})` : ''}` : '–')],
        ['median [min–max]', (r) => (r.n ? `${f('median', r.median)} [${f('min', r.min)}–${f('max', r.max)}]` : '–')],
        ['n', (r) => String(r.n)],
      ];
      lines.forEach(([label, fn], i) => {
        const row: Table['rows'][number] = { attribute: i === 0 ? shownAttr : '', level: label };
        for (const g of groups) {
          const r = byGroup.get(g);
          row[g] = r ? fn(r) : '';
        }
        rows.push(row);
      });
      continue;
    }
    const row: Table['rows'][number] = { attribute: shownAttr, level };
    for (const g of groups) {
      const r = byGroup.get(g);
      row[g] = r ? (r.n ? `${r.count}/${r.n} (${f('percent', r.percent)}%)` : '–') : '';
    }
    rows.push(row);
  }
  return {
    name: 'attributes',
    title: attrs.title!,
    columns: [{ key: 'attribute', format: 'text' }, { key: 'level', format: 'text' }, ...groups.map((g) => ({ key: g, format: 'text' as const }))],
    rows,
  };
}
