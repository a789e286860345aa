// The shipped study reproduces the report's figures; every adm-code figure in the README's
// "Reproducing the report" table is computed here from the CLI's CSV output, so the table can never
// drift from the data.
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli, read, ROOT } from './helpers.js';

type Row = Record<string, string>;
const csv = (args: string[]): Row[] => {
  const r = cli([...args, '--format', 'csv', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return parse(r.stdout, { columns: true }) as Row[];
};
const themes = csv(['tally']);
const attrs = csv(['tally', '--table', 'attributes']);

const attr = (attribute: string, group: string, level: string) => attrs.find((r) => r.attribute === attribute && r.group === group && r.level === level)!;
const pct = (attribute: string, group: string, levels: string[]) => levels.map((l) => attr(attribute, group, l).percent).join(' / ');
const count = (attribute: string, group: string, level: string) => `${attr(attribute, group, level).count}/${attr(attribute, group, level).n}`;
const theme = (id: string, group = 'service-lead') => themes.find((r) => r.theme === id && r.group === group)!;
const size = (group: string) => themes.find((r) => r.group === group)!.group_size;

/** README row label → adm-code's figure, exactly as the README's third column shows it. */
const FIGURES: Record<string, () => string> = {
  'Participants (N)': () => size('all'),
  'Group sizes: service leads / professional bodies / board, AHP & psychology / focus groups': () =>
    ['service-lead', 'professional-body', 'board-ahp-psychology', 'focus-group'].map(size).join(' / '),
  'Service leads: art / drama / music therapists': () => ['art-therapist', 'dramatherapist', 'music-therapist'].map((l) => attr('profession', 'service-lead', l).count).join(' / '),
  'Years qualified: mean / min / max': () => {
    const r = attrs.find((x) => x.attribute === 'years_qualified' && x.group === 'service-lead')!;
    return `${r.mean} / ${r.min} / ${r.max}`;
  },
  'Additional training (%)': () => `${attr('additional_training', 'service-lead', 'yes').percent} (${count('additional_training', 'service-lead', 'yes')})`,
  'Managed by PT / AHPs / split (%)': () => `${pct('managed_by', 'service-lead', ['psychological-therapies', 'ahps', 'split'])} (n=${attr('managed_by', 'service-lead', 'ahps').n})`,
  'Manages ADM only / ADM and others / none (%)': () => pct('manages', 'service-lead', ['adm-only', 'adm-and-other-professions', 'none']),
  'Supervised by: external employer-funded / self-funded / in-house ADM / in-house AHP / MBT team / in-house psychologist (%)': () =>
    pct('supervised_by', 'service-lead', ['external-employer-funded', 'external-self-funded', 'in-house-adm-therapist', 'in-house-ahp', 'team-mbt-specialist', 'in-house-psychologist']),
  'Supervises ADM and trainees / ADM and other professions / nobody (%)': () => pct('supervises', 'service-lead', ['adm-and-trainees', 'adm-and-other-professions', 'none']),
  'Preferred home, all: dual identity / PT / AHPs / unsure (%)': () =>
    ['dual-identity', 'psychological-therapies', 'ahps', 'unsure'].map((l) => attrs.find((r) => r.attribute === 'preferred_home' && r.group === 'all' && r.level === l)?.percent ?? '0.0').join(' / '),
  ...Object.fromEntries(
    ['hierarchy', 'valued-by-pt', 'excluded-from-ppn', 'valued-by-ahps', 'dual-identity-barrier', 'loss-of-lead-posts', 'evidence-defensive', 'works-communication'].map((id) => [
      `Service leads raising \`${id}\``,
      () => `${theme(id).participants}/${theme(id).group_size}`,
    ]),
  ),
};

describe('Reproducing the report (README table)', () => {
  const readme = read(path.join(ROOT, 'README.md'));
  it.each(Object.keys(FIGURES))('%s', (label) => {
    const line = readme.split('\n').find((l) => l.startsWith(`| ${label} |`));
    expect(line, `README row "${label}"`).toBeDefined();
    expect(line!.split(' | ')[2]).toBe(FIGURES[label]!());
  });
  it('the exact service-lead counts the report gives', () => {
    const n = (id: string) => Number(theme(id).participants);
    expect([n('hierarchy'), n('valued-by-pt'), n('excluded-from-ppn'), n('valued-by-ahps'), n('dual-identity-barrier'), n('loss-of-lead-posts'), n('evidence-defensive')]).toEqual([3, 2, 2, 3, 4, 7, 5]);
    expect(n('works-communication')).toBeGreaterThanOrEqual(12);
  });
  it('the shipped codebook passes its own examples', () => {
    const r = cli(['codebook', 'test', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed\n$/);
  });
});
