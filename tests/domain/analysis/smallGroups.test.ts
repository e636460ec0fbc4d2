/**
 * Statistics resting on too few respondents, and what a methodologist asks of alpha: the whole-sample
 * statistics below the minimum are withheld (aspect mean, the breakdown's Totaal, alpha and its item
 * statistics), a suppressed group's n is hidden in the background question's frequency table too,
 * and a listwise alpha on far fewer respondents than the score gets a warning with the pairwise
 * alternative beside it (checked against R psych::alpha, which uses pairwise covariances).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import { resultsTables } from '../../../server/domain/analysis/tables/index.js';
import { cellText } from '../../../server/domain/analysis/tables/model.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { testQuestionnaire } from '../../helpers/analysis.js';
import { fixtureQuestionnaire, fixtureResponses } from '../../helpers/miniStappenmeter.js';

const q = testQuestionnaire();

/** Selectie answered by everyone; Informatiedeling only when `info` is given. */
const response = (Q2: number, s: number, info: number | null): Values => ({
  Q2,
  Q63: 2,
  Q6_1: s,
  Q6_2: s,
  Q6_3: 5 - s,
  Q6_4: s,
  Q17_1: info,
  Q17_2: info,
  Q17_3: info,
  Q17_4: info,
});

describe('a statistic on fewer scored respondents than the minimum', () => {
  // minimum 5: 13 respondents, only 3 of them answered Informatiedeling (the "n = 3" Totaal)
  const responses = [
    ...[2, 3, 3, 4, 2, 3, 4].map((s) => response(1, s, null)),
    response(1, 3, 2),
    response(2, 2, 3),
    response(2, 3, 4),
    ...[3, 4, 2].map((s) => response(3, s, null)),
  ];
  const report = analyze(q, responses, { minCellSize: 5 });
  const tables = resultsTables(report);

  it('withholds the aspect mean, its Totaal in the breakdown, and alpha with its item statistics', () => {
    const info = report.scales.find((s) => s.id === 'informatie')!;
    expect([info.scoreN, info.scoreMean, info.scoreSd, info.scoreSuppressed]).toEqual([3, null, null, true]);
    expect([info.alpha, info.ci95, info.standardizedAlpha, info.reliabilitySuppressed]).toEqual([null, null, null, true]);
    expect(info.itemStats.every((s) => s.alphaIfDeleted === null && s.itemRestCorrelation === null && s.mean === null)).toBe(true);
    const scores = tables.scores.groups[0]!.rows.find((r) => r.cells[0]!.value === 'Informatiedeling')!;
    expect(scores.cells[1]!.value).toBe(3);
    expect(scores.cells.slice(2).every((c) => c.mark === 'a')).toBe(true);
    const totaal = tables.breakdowns!.groups.at(-1)!.rows[0]!;
    expect(cellText(totaal.cells[0]!)).toBe('Totaal');
    expect(totaal.cells[3]!.mark).toBe('a');
    // Selectie rests on 13: shown, with its interval
    expect(cellText(totaal.cells[2]!)).toMatch(/^\d,\d\d \[\d,\d\d; \d,\d\d\]$/);
    // every statement of Informatiedeling has 3 answers: no mean, no distribution
    expect(report.items.filter((i) => i.code.startsWith('Q17')).every((i) => i.suppressed && i.mean === null && i.frequencies.length === 0)).toBe(true);
    expect(tables.itemFrequencies.some((t) => t.code?.startsWith('Q17'))).toBe(false);
    const reliability = tables.reliability.groups[0]!.rows.find((r) => r.cells[0]!.value === 'Informatiedeling')!;
    expect(reliability.cells[1]!.mark).toBe('a');
    expect(tables.reliability.footnotes.a).toContain('minder dan 5 respondenten');
  });

  it('hides a suppressed group’s n in the breakdown and in the background question’s frequency table alike', () => {
    const overleg = report.breakdowns.find((b) => b.question === 'Q2')!;
    // Jeugd (2) and Volwassenen (3) are below 5 (together 5: no complement needed): both hidden, and so are their rows in the table of Q2
    expect(overleg.cells.filter((c) => c.suppressed).map((c) => [c.value, c.suppression])).toEqual([
      ['Jeugd', 'small'],
      ['Volwassenen', 'small'],
    ]);
    const q2 = report.questions.find((x) => x.code === 'Q2')!;
    expect('rows' in q2 && q2.rows.filter((r) => 'hidden' in r && r.hidden).map((r) => r.label)).toEqual(['Jeugd', 'Volwassenen']);
    const table = tables.questions.flat().find((t) => t.code === 'Q2')!;
    const jeugd = table.groups[0]!.rows.find((r) => r.cells[0]!.value === 'Jeugd')!;
    expect(jeugd.cells.slice(2, 4).map((c) => [c.value, c.mark])).toEqual([
      [null, 'a'],
      [null, 'a'],
    ]);
    expect(table.footnotes.a).toContain('ook in de uitsplitsing verborgen');
    const row = tables.breakdowns!.groups[0]!.rows.find((r) => r.cells[0]!.value === 'Jeugd')!;
    expect(row.cells[1]!.mark).toBe('a');
  });
});

describe('alpha on far fewer respondents than the score', () => {
  // R: x <- data.frame(a = …, b = …, c = …, d = …); psych::alpha(x)$total$raw_alpha = 0.93110524772793912 (pairwise);
  // complete cases: 2 of 12
  const a = [3, 4, 2, null, 3, 4, 1, 2, null, 3, 4, 2];
  const b = [2, null, 3, 3, 4, 4, 2, null, 3, 3, 4, 1];
  const c = [null, 4, 2, 3, 3, null, 1, 2, 4, 2, null, 2];
  const d = [3, 3, null, 2, null, 4, 2, 1, 3, null, 4, 2];
  // Q6_3 is reverse-keyed: answered 5 − c, so that it recodes to c
  const responses = a.map((_, i) => ({ Q2: 1, Q6_1: a[i], Q6_2: b[i], Q6_3: c[i] === null ? null : 5 - c[i]!, Q6_4: d[i] }) as Values);

  it('warns when listwise n is below half the score n and gives the pairwise alpha of psych::alpha beside it', () => {
    const report = analyze(q, responses, { minCellSize: 2 });
    const s = report.scales[0]!;
    expect([s.n, s.scoreN]).toEqual([2, 12]);
    expect(s.pairwiseAlpha).toBeCloseTo(0.93110524772793912, 12);
    const warning = s.warnings.find((w) => w.code === 'listwise-small')!;
    expect(warning.message).toContain('Alfa rust op 2 van de 12 respondenten');
    expect(warning.message).toContain('paarsgewijze weglating');
    expect(warning.message).toContain('0,93');
    // the reliability table then shows the pairwise column on the page, not only in the workbook
    const table = resultsTables(report).reliability;
    const column = table.columns.findIndex((col) => col.label === 'Alfa paarsgewijs');
    expect(table.columns[column]!.detail).toBe(false);
    expect(table.groups[0]!.rows[0]!.cells[column]!.value).toBeCloseTo(0.93110524772793912, 12);
  });

  it('names psych::alpha’s dropping of a zero-variance item beside the platform’s keeping it', () => {
    const same = responses.map((r) => ({ ...r, Q6_4: 3 }));
    const s = analyze(q, same, { minCellSize: 2 }).scales[0]!;
    expect(s.warnings.find((w) => w.code === 'zero-variance')?.message).toMatch(/telt mee in alfa, zoals SPSS en PSPP.*psych::alpha in R laat zo'n item weg/);
  });
});

describe('a number question as background variable', () => {
  it('hides the count and share of a suppressed band in the question’s own band table, as in the breakdown', () => {
    const banded = structuredClone(q);
    banded.background = [{ id: 'afgerond', label: 'Afgerond', question: 'Q22', bands: [{ label: 'tot de helft', max: 49 }, { label: 'de helft of meer', min: 50 }] }];
    // 8 answer 80 (de helft of meer), 2 answer 10 (tot de helft: below 5), 3 give no number (Onbekend: below 5, together 5)
    const responses = [...Array(8).fill(80), 10, 10, null, null, null].map((Q22, i) => ({ ...response(1, 2 + (i % 3), null), Q22 }));
    const report = analyze(banded, responses, { minCellSize: 5 });
    const b = report.breakdowns[0]!;
    expect(b.cells.map((c) => [c.value, c.n, c.suppression])).toEqual([
      ['tot de helft', 2, 'small'],
      // hidden too: the question's own table shows n (met een getal) 10, so 10 − 8 would be the small band
      ['de helft of meer', 8, 'complementary'],
      ['Onbekend', 3, 'small'],
    ]);
    const table = resultsTables(report).questions.flat().find((t) => t.id === 'q-Q22-bands')!;
    const rows = table.groups[0]!.rows.map((r) => r.cells.map((c) => (c.mark ? `–${c.mark}` : cellText(c))));
    expect(rows[0]).toEqual(['tot de helft', '–a', '–a']);
    expect(rows[1]![1]).toMatch(/^–/);
    expect(table.footnotes.a).toContain('ook in de uitsplitsing verborgen');
  });
});

describe('the statements in the reliability analysis', () => {
  it('give per aspect each statement’s item-rest correlation and alpha if deleted, as the report computes them (page and workbook: one table)', () => {
    const fq = fixtureQuestionnaire();
    const report = analyze(fq, fixtureResponses(40), { minCellSize: 5 });
    const t = resultsTables(report).itemReliability;
    expect(t.columns.filter((c) => !c.detail).map((c) => c.label)).toEqual(['Uitspraak', 'Item-restcorrelatie', 'Alfa zonder deze uitspraak']);
    const multi = report.scales.filter((s) => s.k > 1);
    expect(t.groups.map((g) => g.label)).toEqual(multi.map((s) => s.label));
    multi.forEach((s, i) => {
      const rows = t.groups[i]!.rows;
      expect(rows.map((r) => r.cells[0]!.value)).toEqual(s.itemStats.map((x) => x.code));
      expect(rows.map((r) => r.cells[2]!.value)).toEqual(s.itemStats.map((x) => x.itemRestCorrelation));
      expect(rows.map((r) => r.cells[3]!.value)).toEqual(s.itemStats.map((x) => x.alphaIfDeleted));
      expect(rows.map((r) => r.cells[4]!.value)).toEqual(s.itemStats.map((x) => x.standardizedAlphaIfDeleted));
    });
  });
});
