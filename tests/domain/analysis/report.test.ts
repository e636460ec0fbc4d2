import { describe, expect, it } from 'vitest';
import { analyze, AnalysisOptionError } from '../../../server/domain/analysis/report.js';
import type { ChoiceQuestionReport, ConstantSumQuestionReport, MultiQuestionReport, NumberQuestionReport } from '../../../server/domain/analysis/types.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { close, expectAllFinite, testQuestionnaire } from '../../helpers/analysis.js';

const q = testQuestionnaire();

/** Columns → responses: `cols({ Q2: [1, 2], Q6_1: [3, null] })` gives two responses. */
function cols(columns: Record<string, Array<number | string | null>>): Values[] {
  const n = Math.max(...Object.values(columns).map((c) => c.length));
  return Array.from({ length: n }, (_, i) => Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, c[i] ?? null])));
}

describe('items: declared missing answers are counted, never averaged', () => {
  // Q17 has the extra column "geen oordeel" (5)
  const responses = cols({
    Q17_1: [4, 5, 2, 3],
    Q17_2: [5, 5, 4, null],
    Q17_3: [3, 2, null, 5],
  });
  const report = analyze(q, responses, { minCellSize: 1 });
  const item = (code: string) => report.items.find((i) => i.code === code)!;

  it('describes Q17_1 over its three substantive answers (4, 2, 3) only', () => {
    // by hand: mean (4 + 2 + 3)/3 = 3, sd √(((1)² + (−1)² + 0²)/2) = 1, min 2, max 4
    // averaging "geen oordeel" as a score would give (4 + 5 + 2 + 3)/4 = 3.5 and max 5 (Tabel B1.2's error)
    const q17 = item('Q17_1');
    expect(q17.n).toBe(3);
    expect(q17.mean).toBe(3);
    expect(q17.sd).toBe(1);
    expect([q17.min, q17.max]).toEqual([2, 4]);
    expect(q17.missing).toEqual({ skipped: 0, declared: 1, notShown: 0, invalid: 0 });
    expect(q17.aspect).toBe('informatie');
  });

  it('gives the frequency table of the item with a geen oordeel row and percentages that total 100', () => {
    const rows = item('Q17_1').frequencies;
    expect(rows.map((r) => [r.kind, r.value, r.label, r.count])).toEqual([
      ['option', 1, 'helemaal niet', 0],
      ['option', 2, 'enigszins', 1],
      ['option', 3, 'grotendeels', 1],
      ['option', 4, 'volledig', 1],
      ['missing', 5, 'geen oordeel', 1],
      ['nonResponse', null, 'Geen antwoord', 0],
    ]);
    expect(rows.map((r) => r.percent)).toEqual([0, 25, 25, 25, 25, 0]);
    // 3 valid answers: 33.3 % each, the extra unit to the first of the tied rows
    expect(rows.map((r) => r.validPercent)).toEqual([0, 34, 33, 33, null, null]);
    expect(item('Q17_1').total).toBe(4);
  });

  it('reports an SD that cannot be computed as null', () => {
    const q17 = item('Q17_2');
    expect(q17.n).toBe(1);
    expect(q17.mean).toBe(4);
    expect(q17.sd).toBeNull();
    expect(q17.missing).toEqual({ skipped: 1, declared: 2, notShown: 0, invalid: 0 });
  });

  it('scores an aspect only with its minimum of answered items; geen oordeel does not count as answered', () => {
    // informatie needs 2 of 4 answered: r1 (4, 3) → 3.5; r2 (2) → none; r3 (2, 4) → 3; r4 (3) → none
    const scale = report.scales.find((s) => s.id === 'informatie')!;
    expect(scale.minAnswered).toBe(2);
    expect(scale.scoreN).toBe(2);
    expect(scale.scoreMean).toBe(3.25);
    close(scale.scoreSd, Math.sqrt(0.125));
    expect(scale.formula).toMatch(/minstens 2 van de 4/);
    // nobody answered all four items: no alpha, and the report says why
    expect(scale.n).toBe(0);
    expect(scale.alpha).toBeNull();
    expect(scale.warnings.some((w) => /te weinig respondenten/.test(w.message))).toBe(true);
    expectAllFinite(report);
  });
});

describe('reliability through the engine agrees with R psych::alpha', () => {
  it('drops incomplete responses listwise, whether the gap is a blank or geen oordeel', () => {
    // dataset B of tests/fixtures/analysis/reference.R; its NAs become a blank or "geen oordeel" (5) here
    // > alpha(na.omit(B), check.keys = FALSE)
    //          raw_alpha         std.alpha         average_r
    //  0.897822445561139 0.900642988119548 0.693831819207455
    // feldt lower, upper: 0.696672612335591 0.977049285531353
    //           alpha.drop          std.drop            r.drop
    // b1 0.805555555555556 0.808692159703136 0.944117590499911
    // b4 0.891891891891892 0.891891891891892 0.721609811962615
    const responses = cols({
      Q17_1: [4, 3, 3, 2, null, 4, 1, 2, 3, 4, 2, 3],
      Q17_2: [4, 2, 3, 2, 3, 3, 1, 5, 3, 4, 1, 2],
      Q17_3: [3, 3, 4, 1, 2, 4, 2, 2, null, 4, 2, 3],
      Q17_4: [4, 3, 2, 2, 3, 3, 1, 1, 3, 5, 1, 4],
    });
    const scale = analyze(q, responses, { minCellSize: 1 }).scales.find((s) => s.id === 'informatie')!;
    expect(scale.n).toBe(8);
    close(scale.alpha, 0.897822445561139);
    close(scale.standardizedAlpha, 0.900642988119548);
    close(scale.averageInterItemCorrelation, 0.693831819207455);
    close(scale.ci95?.[0], 0.696672612335591);
    close(scale.ci95?.[1], 0.977049285531353);
    close(scale.itemStats[0]!.alphaIfDeleted, 0.805555555555556);
    close(scale.itemStats[0]!.itemRestCorrelation, 0.944117590499911);
    close(scale.itemStats[3]!.alphaIfDeleted, 0.891891891891892);
    close(scale.itemStats[3]!.itemRestCorrelation, 0.721609811962615);
    expect(scale.itemStats.every((s) => s.n === 8 && s.max! <= 4)).toBe(true);
    expect(scale.warnings).toEqual([]);
  });

  it('recodes a reverse-keyed item (min + max − code) before every scale statistic', () => {
    // dataset C of reference.R: Q6_3 is keyed the other way (c3)
    // > alpha(C, keys = c("c3"), check.keys = FALSE)
    //          raw_alpha         std.alpha         average_r
    //  0.944409743910056 0.944317928108953 0.809152127333946
    // feldt lower, upper: 0.853750064131711 0.984491282972469
    //            alpha.drop            r.drop mean
    // c3- 0.901112484548826 0.949269447811750  2.6
    const responses = cols({
      Q6_1: [1, 2, 3, 4, 4, 3, 2, 1, 3, 4],
      Q6_2: [2, 2, 3, 4, 3, 3, 1, 1, 4, 4],
      Q6_3: [4, 3, 2, 1, 2, 2, 4, 4, 1, 1],
      Q6_4: [1, 3, 3, 4, 4, 2, 2, 2, 3, 3],
    });
    const report = analyze(q, responses, { minCellSize: 1 });
    const scale = report.scales.find((s) => s.id === 'selectie')!;
    expect(scale.reversed).toEqual(['Q6_3']);
    close(scale.alpha, 0.944409743910056);
    close(scale.standardizedAlpha, 0.944317928108953);
    close(scale.ci95?.[0], 0.853750064131711);
    close(scale.ci95?.[1], 0.984491282972469);
    const c3 = scale.itemStats[2]!;
    expect(c3.reversed).toBe(true);
    close(c3.mean, 2.6);
    close(c3.alphaIfDeleted, 0.901112484548826);
    close(c3.itemRestCorrelation, 0.94926944781175);
    // the item table keeps the codes as answered: mean of 4,3,2,1,2,2,4,4,1,1 = 2.4
    const item = report.items.find((i) => i.code === 'Q6_3')!;
    expect(item.reversed).toBe(true);
    close(item.mean, 2.4);
    // and the aspect score uses the recode: respondent 1 has 1, 2, (5 − 4 = 1), 1 → 1.25
    const first = analyze(q, responses.slice(0, 1), { minCellSize: 1 }).scales.find((s) => s.id === 'selectie')!;
    expect(first.scoreMean).toBe(1.25);
  });
});

describe('breakdowns', () => {
  // selectie answered with the same level s on every item (Q6_3 reversed: raw 5 − s), so its score is s
  const sel = (s: number) => ({ Q6_1: s, Q6_2: s, Q6_3: 5 - s, Q6_4: s });
  const info = (s: number | null) => ({ Q17_1: s, Q17_2: s, Q17_3: s, Q17_4: s });
  const responses: Values[] = [
    // Individueel: selectie 1, 2, 3, 4, 4, 4 (mean 3); informatie 3 for three of them; attendance code 4 = "10 of meer"
    ...[1, 2, 3, 4, 4, 4].map((s, i) => ({ Q2: 1, Q63: 4, ...sel(s), ...info(i < 3 ? 3 : null) })),
    // Jeugd: selectie 2, 2, 3, 3, 4 (mean 2.8); informatie 2; attendance codes 2, 3 (meaning 4, 5) and 1 (meaning 3)
    ...[2, 2, 3, 3, 4].map((s, i) => ({ Q2: 2, Q63: [2, 3, 2, 3, 1][i]!, ...sel(s), ...info(2) })),
    // Volwassenen: one respondent
    { Q2: 3, Q63: null, ...sel(1), ...info(1) },
  ];

  it('suppresses a small cell and, being the only one, the smallest other cell too', () => {
    const report = analyze(q, responses, { by: ['overlegvorm'] });
    const b = report.breakdowns[0]!;
    expect(b.variable).toBe('overlegvorm');
    expect(b.cells.map((c) => [c.value, c.n, c.suppression])).toEqual([
      ['Individueel', 6, null],
      ['Jeugd', 5, 'complementary'],
      ['Volwassenen', 1, 'small'],
      ['Onbekend', 0, null],
    ]);
    const [indiv, jeugd, volw, unknown] = b.cells;
    // suppressed cells carry n and nothing else
    for (const cell of [jeugd!, volw!]) {
      expect(cell.suppressed).toBe(true);
      expect(cell.scores).toEqual({});
      expect(cell.scoreN).toEqual({});
      expect(cell.overall).toBeNull();
    }
    expect(indiv!.scores.selectie).toBe(3);
    expect(indiv!.scoreN.selectie).toBe(6);
    close(indiv!.scoreSd.selectie, Math.sqrt(8 / 5));
    // only 3 informatie scores in Individueel: that one score is suppressed, the cell is not
    expect(indiv!.scores.informatie).toBeNull();
    expect(indiv!.scoreN.informatie).toBe(3);
    expect(indiv!.suppressedScores).toEqual(['informatie']);
    // overall (minimum 1 of 2 aspects): (1+3)/2, (2+3)/2, 3, 4, 4, 4 → 19.5/6
    close(indiv!.overall, 3.25);
    expect(unknown!.missing).toBe(true);
    expect(unknown!.scores.selectie).toBeNull();
    // the total: 33/12 for selectie, 20/9 for informatie
    close(b.total.scores.selectie, 2.75);
    close(b.total.scores.informatie, 20 / 9);
    expect(b.total.n).toBe(12);
    expect(b.note).toMatch(/aanvullend onderdrukt/);
    expectAllFinite(report);
  });

  it('takes the minimum cell size as an option', () => {
    const b = analyze(q, responses, { by: ['overlegvorm'], minCellSize: 1 }).breakdowns[0]!;
    expect(b.cells.every((c) => !c.suppressed)).toBe(true);
    expect(b.cells[2]!.scores).toEqual({ selectie: 1, informatie: 1 });
    close(b.cells[1]!.scores.selectie, 2.8);
    const strict = analyze(q, responses, { by: ['overlegvorm'], minCellSize: 7 }).breakdowns[0]!;
    expect(strict.cells.filter((c) => c.n > 0).every((c) => c.suppressed)).toBe(true);
  });

  it('bands attendance by what an option means, never by its code', () => {
    // code 4 means "10 of meer": banding codes would have put these six in 4-6
    const b = analyze(q, responses, { by: ['aanwezigheid'] }).breakdowns[0]!;
    expect(b.banded).toBe(true);
    expect(b.cells.map((c) => [c.value, c.n])).toEqual([
      ['3 of minder', 1],
      ['4-6', 4],
      ['7 of meer', 6],
      ['Onbekend', 1],
    ]);
    expect(b.cells[2]!.suppressed).toBe(false);
    expect(b.cells[2]!.scores.selectie).toBe(3);
    // three small cells together hold 6 ≥ 5 respondents: no complementary suppression needed
    expect(b.cells.filter((c) => c.suppressed).map((c) => c.suppression)).toEqual(['small', 'small', 'small']);
  });

  it('breaks down by every background variable by default, and by a question code', () => {
    expect(analyze(q, responses, { minCellSize: 1 }).breakdowns.map((b) => b.variable)).toEqual(['overlegvorm', 'aanwezigheid']);
    expect(analyze(q, responses, { by: ['Q29'] }).breakdowns[0]!.cells.map((c) => c.value)).toEqual(['Ja', 'Nee', 'Onbekend']);
  });

  it('refuses a variable it cannot break down by', () => {
    expect(() => analyze(q, responses, { by: ['nope'] })).toThrow(AnalysisOptionError);
    expect(() => analyze(q, responses, { by: ['Q8'] })).toThrow(/enkele keuze/);
    expect(() => analyze(q, responses, { by: ['Q22'] })).toThrow(/bands/);
  });

  it('states the formula of the overall score and uses its minimum of aspects', () => {
    const report = analyze(q, responses, { minCellSize: 1 });
    expect(report.overall.minAspects).toBe(1);
    expect(report.overall.formula).toMatch(/minstens 1 van de 2 aspecten/);
    const strict = analyze(q, responses, { minAspects: 2, minCellSize: 1 });
    // with both aspects required: 3 Individueel + 5 Jeugd + 1 Volwassenen
    expect(strict.overall.n).toBe(9);
    // (1+3)/2, (2+3)/2, (3+3)/2, then Jeugd (2+2)/2, (2+2)/2, (3+2)/2 ×2, (4+2)/2, Volwassenen 1 → 20.5/9
    close(strict.overall.mean, 20.5 / 9);
  });
});

describe('question tables', () => {
  it('reproduces breedtescan Tabel 9 (2, 12, 17 of 31 → 6 %, 39 %, 55 %)', () => {
    const responses = cols({ Q21: [...Array(2).fill(1), ...Array(12).fill(2), ...Array(17).fill(3)] });
    const t = analyze(q, responses, { minCellSize: 1 }).questions.find((x) => x.code === 'Q21') as ChoiceQuestionReport;
    expect(t.type).toBe('single');
    expect(t.rows.map((r) => [r.label, r.count, r.percent])).toEqual([
      ['niet of nauwelijks', 2, 6],
      ['af en toe', 12, 39],
      ['structureel', 17, 55],
      ['weet niet', 0, 0],
      ['Geen antwoord', 0, 0],
    ]);
    expect(t.total).toBe(31);
    expect(t.n).toBe(31);
  });

  it('has weet niet and non-response rows, and each percentage column totals exactly 100', () => {
    const responses = cols({ Q21: [...Array(10).fill(1), ...Array(9).fill(2), ...Array(7).fill(3), 8, 8, 8, null, null] });
    const t = analyze(q, responses, { minCellSize: 1 }).questions.find((x) => x.code === 'Q21') as ChoiceQuestionReport;
    expect(t.rows.map((r) => [r.kind, r.count, r.percent, r.validPercent])).toEqual([
      ['option', 10, 32, 38],
      ['option', 9, 29, 35],
      ['option', 7, 23, 27],
      ['missing', 3, 10, null],
      ['nonResponse', 2, 6, null],
    ]);
    expect(t.total).toBe(31);
    expect(t.n).toBe(26);
  });

  it('counts multiple choice as times mentioned and % of respondents, with n', () => {
    const responses: Values[] = [
      { Q8_1: 1, Q8_2: 1, Q8_3: 0, Q8_4: 0, Q8_5: 0 },
      { Q8_1: 1, Q8_2: 0, Q8_3: 0, Q8_4: 0, Q8_5: 0 },
      { Q8_1: 0, Q8_2: 0, Q8_3: 0, Q8_4: 1, Q8_5: 0 },
      { Q8_1: 0, Q8_2: 1, Q8_3: 1, Q8_4: 0, Q8_5: 1, Q8_other: 'Onderwijs' },
      { Q8_1: 0, Q8_2: 0, Q8_3: 0, Q8_4: 0, Q8_5: 0 },
    ];
    const t = analyze(q, responses, { minCellSize: 1 }).questions.find((x) => x.code === 'Q8') as MultiQuestionReport;
    expect([t.n, t.nonResponse, t.mentions, t.shown]).toEqual([4, 1, 7, 5]);
    expect(t.rows.map((r) => [r.label, r.count, r.percentOfRespondents, r.percentOfMentions])).toEqual([
      ['Gemeente', 2, 50, 29],
      ['Politie', 2, 50, 29],
      ['Zorg', 1, 25, 14],
      ['Geen afstemming', 1, 25, 14],
      ['Anders', 1, 25, 14],
    ]);
    expect(t.rows[3]!.exclusive).toBe(true);
    expect(t.rows[4]!.other).toBe(true);
  });

  it('gives constant sums a mean share per item and the share bands of Tabel 22', () => {
    const responses = cols({
      Q19_a: [50, 100, 0, 10, null],
      Q19_b: [30, 0, 60, null, null],
      Q19_c: [20, 0, 40, 90, null],
    });
    const t = analyze(q, responses, { minCellSize: 1 }).questions.find((x) => x.code === 'Q19') as ConstantSumQuestionReport;
    expect([t.n, t.nonResponse, t.offTotal, t.invalid]).toEqual([4, 1, 0, 0]);
    expect(t.bandLabels).toEqual(['0 %', '1-10 %', '11-25 %', '26-50 %', '51-75 %', '76-100 %']);
    // a: 50, 100, 0, 10 → mean 40; b: 30, 0, 60, (empty = 0) → 22.5; c: 20, 0, 40, 90 → 37.5
    expect(t.items.map((i) => i.mean)).toEqual([40, 22.5, 37.5]);
    expect(t.items.map((i) => i.meanPercent)).toEqual([40, 22.5, 37.5]);
    expect(t.items.map((i) => i.bands.map((b) => b.count))).toEqual([
      [1, 1, 0, 1, 0, 1],
      [2, 0, 0, 1, 1, 0],
      [1, 0, 1, 1, 0, 1],
    ]);
    expect(t.items[0]!.bands.map((b) => b.percent)).toEqual([25, 25, 0, 25, 0, 25]);
  });

  it('describes a number question: mean, median, bands; weet niet counted apart', () => {
    const responses = cols({ Q22: [10, 20, 30, 80, 999, null] });
    const t = analyze(q, responses, { minCellSize: 1 }).questions.find((x) => x.code === 'Q22') as NumberQuestionReport;
    // by hand: mean 35, median (20 + 30)/2 = 25, sd √((625 + 225 + 25 + 2025)/3)
    expect([t.n, t.mean, t.median, t.min, t.max]).toEqual([4, 35, 25, 10, 80]);
    close(t.sd, Math.sqrt(2900 / 3));
    expect(t.missing).toEqual({ skipped: 1, declared: 1, notShown: 0, invalid: 0 });
    expect(t.declared).toEqual([{ value: 999, label: 'weet niet', count: 1 }]);
    expect(t.bands!.map((b) => [b.label, b.count, b.percent])).toEqual([
      ['0 %', 0, 0],
      ['1-10 %', 1, 25],
      ['11-25 %', 1, 25],
      ['26-50 %', 1, 25],
      ['51-75 %', 0, 0],
      ['76-100 %', 1, 25],
    ]);
  });

  it('leaves questions hidden by routing out of every base, and drops stale hidden answers', () => {
    // Q30 is shown only when Q29 = 1 (ja); respondent 2 has a stale Q30 answer behind Q29 = 0 (nee)
    const responses = cols({ Q29: [1, 0, null, 1], Q30: [2, 1, null, null] });
    const report = analyze(q, responses, { minCellSize: 1 });
    const q30 = report.questions.find((x) => x.code === 'Q30') as ChoiceQuestionReport;
    expect(q30.notShown).toBe(2);
    expect(q30.rows.map((r) => [r.label, r.count, r.percent])).toEqual([
      ['a', 0, 0],
      ['b', 1, 50],
      ['Geen antwoord', 1, 50],
    ]);
    const q29 = report.questions.find((x) => x.code === 'Q29') as ChoiceQuestionReport;
    expect(q29.type).toBe('yesno');
    expect(q29.rows.map((r) => r.count)).toEqual([2, 1, 1]);
    // open questions never appear in the tables
    expect(report.questions.some((x) => x.code === 'Q31')).toBe(false);
  });

  it('never averages the codes of a choice question', () => {
    const t = analyze(q, cols({ Q63: [1, 4, 4] }), { minCellSize: 1 }).questions.find((x) => x.code === 'Q63')!;
    expect(t.type).toBe('single');
    expect('mean' in t).toBe(false);
  });

  it('flags values that are not answer codes and leaves them out', () => {
    const report = analyze(q, cols({ Q6_1: [7, 'x', 2, 2.5], Q21: [4, 1, 1, 1] }), { minCellSize: 1 });
    const item = report.items.find((i) => i.code === 'Q6_1')!;
    expect(item.n).toBe(1);
    expect(item.missing.invalid).toBe(3);
    expect(item.frequencies.at(-1)).toMatchObject({ kind: 'invalid', count: 3 });
    expect(report.warnings.filter((w) => w.code === 'invalid-values').map((w) => w.item)).toEqual(['Q6_1', 'Q21']);
  });
});

describe('nothing is ever NaN or Infinity', () => {
  it('with no responses at all', () => {
    const report = analyze(q, []);
    expect(report.n).toBe(0);
    expect(report.scales.every((s) => s.alpha === null && s.scoreMean === null)).toBe(true);
    expect(report.overall.mean).toBeNull();
    expectAllFinite(report);
  });

  it('with one response', () => {
    const report = analyze(q, [{ Q2: 1, Q6_1: 3, Q6_2: 3, Q6_3: 2, Q6_4: 3, Q22: 40, Q19_a: 100 }], { minCellSize: 1 });
    expect(report.scales[0]!.scoreMean).toBe(3);
    expect(report.scales[0]!.scoreSd).toBeNull();
    expectAllFinite(report);
    // with the default minimum of 5 the one response is too few: said, and every statistic withheld
    const strict = analyze(q, [{ Q2: 1, Q6_1: 3, Q6_2: 3, Q6_3: 2, Q6_4: 3, Q22: 40, Q19_a: 100 }]);
    expect(strict.warnings.some((w) => w.code === 'small-sample')).toBe(true);
    expect([strict.scales[0]!.scoreMean, strict.scales[0]!.scoreSuppressed, strict.items[0]!.mean, strict.items[0]!.suppressed]).toEqual([null, true, null, true]);
    expectAllFinite(strict);
  });

  it('when everybody gives the same answers', () => {
    const same = { Q2: 2, Q63: 3, Q6_1: 2, Q6_2: 2, Q6_3: 3, Q6_4: 2, Q17_1: 4, Q17_2: 4, Q17_3: 4, Q17_4: 4, Q22: 50 };
    const report = analyze(q, Array.from({ length: 10 }, () => ({ ...same })));
    const scale = report.scales[0]!;
    expect(scale.alpha).toBeNull();
    expect(scale.standardizedAlpha).toBeNull();
    expect(scale.itemStats.every((s) => s.sd === 0 && s.itemRestCorrelation === null)).toBe(true);
    expect(scale.warnings.filter((w) => w.code === 'zero-variance')).toHaveLength(4);
    expect(scale.scoreMean).toBe(2);
    expect(scale.scoreSd).toBe(0);
    expectAllFinite(report);
  });
});
