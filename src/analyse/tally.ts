/**
 * Theme frequencies per group (SPEC §2, `tally --table themes`). Codings stream in one segment at
 * a time; only per-participant counters are kept, so memory does not grow with the corpus.
 */
import type { Theme } from '../codebook/model.js';
import { cmp } from '../read/files.js';
import type { Coding, Segment, Table } from '../types.js';
import { ALL, type Grouping } from './participants.js';
import { percent } from './stats.js';

interface Counts {
  /** Coded segments per theme. */
  excerpts: Int32Array;
  /** Mentions per theme. */
  hits: Int32Array;
}

export class ThemeTally {
  private readonly perParticipant = new Map<string, Counts>();

  constructor(private readonly themes: Theme[]) {}

  /** Records one participant segment and its codings (in codebook order). */
  add(segment: Segment, codings: Coding[], themeIndex: Map<string, number>): void {
    let c = this.perParticipant.get(segment.participant);
    if (!c) {
      c = { excerpts: new Int32Array(this.themes.length), hits: new Int32Array(this.themes.length) };
      this.perParticipant.set(segment.participant, c);
    }
    for (const coding of codings) {
      const t = themeIndex.get(coding.theme)!;
      c.excerpts[t]! += 1;
      c.hits[t]! += coding.hits;
    }
  }

  participants(): string[] {
    return [...this.perParticipant.keys()].sort(cmp);
  }

  table(grouping: Grouping): Table {
    const members = new Map<string, string[]>();
    const everyone = this.participants();
    for (const p of everyone) {
      for (const key of grouping.keysOf(p)) {
        const list = members.get(key);
        if (list) list.push(p);
        else members.set(key, [p]);
      }
    }
    const groups = [...members.keys()].sort(cmp).map((g) => [g, members.get(g)!] as const);
    groups.push([ALL, everyone]);
    const rows: Table['rows'] = [];
    this.themes.forEach((theme, t) => {
      for (const [group, ps] of groups) {
        let participants = 0;
        let excerpts = 0;
        let hits = 0;
        for (const p of ps) {
          const c = this.perParticipant.get(p)!;
          if (c.excerpts[t]! > 0) participants++;
          excerpts += c.excerpts[t]!;
          hits += c.hits[t]!;
        }
        rows.push({
          theme: theme.id,
          label: theme.label,
          group,
          group_size: ps.length,
          participants,
          percent: percent(participants, ps.length),
          excerpts,
          hits,
        });
      }
    });
    return {
      name: 'themes',
      title: grouping.by === 'group' ? 'Themes by group' : `Themes by ${grouping.by}`,
      columns: [
        { key: 'theme', format: 'text' },
        { key: 'label', format: 'text' },
        { key: 'group', format: 'text' },
        { key: 'group_size', format: 'int' },
        { key: 'participants', format: 'int' },
        { key: 'percent', format: 'pct1' },
        { key: 'excerpts', format: 'int' },
        { key: 'hits', format: 'int' },
      ],
      rows,
    };
  }
}
