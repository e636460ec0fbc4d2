/** The open answers as tables: the categories' frequency table and the answers, grouped by category, capped on the page. */
import { describe, expect, it } from 'vitest';
import { openAnswersTable, openCodesTable } from '../../../../server/domain/analysis/tables/openAnswers.js';
import { cellText } from '../../../../server/domain/analysis/tables/model.js';
import type { OpenItemAnswers } from '../../../../server/domain/openAnswers/collect.js';

const item = (n: number, coded: (i: number) => number | null, hidden: (i: number) => boolean = () => false): OpenItemAnswers => ({
  item: { key: 'Q16', question: 'Q16', kind: 'open', text: 'Wat is het belangrijkste knelpunt?', label: null, variables: ['Q16'] },
  categories: [
    { id: 1, label: 'Capaciteit' },
    { id: 2, label: 'Privacy' },
  ],
  answers: Array.from({ length: n }, (_, i) => ({
    id: `${String(i).padStart(32, '0')}.Q16`,
    variable: 'Q16',
    original: hidden(i) ? '' : `antwoord ${i}`,
    text: hidden(i) ? '' : `antwoord ${i}`,
    hidden: hidden(i),
    redacted: false,
    categoryId: coded(i),
  })),
});

describe('openCodesTable', () => {
  it('counts the answers per category, hidden ones included, with the uncoded ones apart and percentages adding up to 100', () => {
    const t = openCodesTable(item(10, (i) => (i < 5 ? 1 : i < 8 ? 2 : null), (i) => i === 0), 12, 0)!;
    expect(t.title).toBe('Tabel 12. Indeling van de antwoorden: ‘Wat is het belangrijkste knelpunt?’');
    const rows = t.groups[0]!.rows.map((r) => [cellText(r.cells[0]!), cellText(r.cells[2]!), cellText(r.cells[3]!)]);
    expect(rows).toEqual([
      ['Capaciteit', '5', '50 %'],
      ['Privacy', '3', '30 %'],
      ['Nog niet ingedeeld', '2', '20 %'],
      ['Totaal', '10', '100 %'],
    ]);
    expect(openCodesTable({ ...item(3, () => null), categories: [] }, 1, 0)).toBeNull();
  });
});

describe('openAnswersTable', () => {
  it('lists the shown answers by category, says how many are hidden, and holds no empty text', () => {
    const t = openAnswersTable(item(6, (i) => (i % 2 ? 1 : null), (i) => i === 4), 13);
    expect(t.groups.map((g) => [g.label, g.rows.map((r) => r.cells[0]!.value)])).toEqual([
      ['Capaciteit', ['antwoord 1', 'antwoord 3', 'antwoord 5']],
      ['Nog niet ingedeeld', ['antwoord 0', 'antwoord 2']],
    ]);
    expect(t.notes[0]).toContain('5 antwoorden, in willekeurige volgorde');
    expect(t.notes[1]).toBe('1 antwoord afgeschermd door de onderzoeker.');
    expect(t.columns).toEqual([{ label: 'Antwoord', numeric: false, prose: true }]);
  });

  it('lists at most `limit` answers on the page, the first in the hash order, and says where the rest are', () => {
    const t = openAnswersTable({ ...item(300, () => null), categories: [] }, 13, 250);
    expect(t.groups[0]!.rows).toHaveLength(250);
    expect(t.groups[0]!.rows[0]!.cells[0]!.value).toBe('antwoord 0');
    expect(t.notes).toContain('Hier de eerste 250 in deze willekeurige volgorde; alle antwoorden staan in de werkmap (XLSX).');
    expect(openAnswersTable({ ...item(300, () => null), categories: [] }, 13).groups[0]!.rows).toHaveLength(300);
  });
});
