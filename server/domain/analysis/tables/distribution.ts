/**
 * The answer distribution per statement (analysis/distribution.ts) as tables, one per aspect: per
 * statement n and the percentage of each answer category, "geen oordeel" last. The diverging bar
 * chart the page draws beside each table shows the same rounded percentages.
 */
import type { DistributionGroup } from '../distribution.js';
import { COUNT, num, percent, text, type Cell, type Column, type Table } from './model.js';

/** The distribution table of one group of statements. */
export function distributionTable(group: DistributionGroup, number: number, decimals: number): Table {
  // the categories of the group's statements in order of first appearance (statements may differ in their missing codes)
  const labels: string[] = [];
  for (const item of group.items) for (const c of item.categories) if (!labels.includes(c.label)) labels.push(c.label);
  const pct = percent(decimals);
  const apart = labels.filter((label) => group.items.some((i) => i.categories.some((c) => c.label === label && c.side === 'apart')));
  const columns: Column[] = [
    { label: 'Code', numeric: false, detail: true },
    { label: 'Uitspraak', numeric: false, header: true },
    { label: 'n', numeric: true },
    ...labels.map((label) => ({ label: `${label} (%)`, numeric: true, nowrap: true })),
  ];
  return {
    id: `distribution-${group.id ?? 'rest'}`,
    title: `Tabel ${number}. Verdeling van de antwoorden: ${group.label}`,
    columns,
    groups: [
      {
        label: null,
        rows: group.items.map((item) => ({
          cells: [
            text(item.code),
            { value: item.label, code: item.code, ...(item.reversed ? { remark: '(omgekeerd geformuleerd)' } : {}) },
            num(item.n, COUNT),
            ...labels.map((label): Cell => {
              const c = item.categories.find((x) => x.label === label);
              return c ? num(c.percent, pct) : text('');
            }),
          ],
        })),
      },
    ],
    notes: [
      `Percentages van de gegeven antwoorden per uitspraak (n)${apart.length ? `, inclusief ${apart.map((l) => `‘${l}’`).join(' en ')}` : ''}; zo afgerond dat elke regel precies 100 optelt. Wie een uitspraak oversloeg, telt niet mee.`,
    ],
    footnotes: {},
  };
}
