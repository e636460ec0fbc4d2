/**
 * The analysis engine: a questionnaire and its responses in, a typed report out, in one pass over the
 * responses (accumulators only; the only per-response storage is the answers to number questions, for
 * their median).
 *
 * Rules the report keeps, each a mistake of the published Stappenmeter analysis it must not repeat:
 * - a declared missing answer (geen oordeel, weet niet) is missing data: counted, never averaged;
 * - option codes of nominal questions are never averaged; bands use what an option means;
 * - every score says how it is built (`formula`), every cell says its n;
 * - breakdown cells smaller than the minimum are suppressed, with complementary suppression;
 * - percentages are rounded so each column totals exactly 100;
 * - nothing is NaN or Infinity: what cannot be computed is null, with a warning.
 */
import type { Questionnaire } from '../questionnaire/normalize.js';
import { route } from '../questionnaire/routing.js';
import type { Values } from '../questionnaire/variables.js';
import type { StatWarning } from '../stats/computable.js';
import { CovarianceAccumulator } from '../stats/covariance.js';
import { RunningMoments, momentsFromCounts } from '../stats/descriptives.js';
import { DEFAULT_ALPHA_THRESHOLD, reliability } from '../stats/reliability.js';
import { BLANK, NUMBER } from './extract.js';
import { buildPlan, type BackgroundPlan, type ItemPlan, type Plan } from './plan.js';
import { suppressCells } from './suppression.js';
import { frequencyRows } from './frequencies.js';
import type {
  AnalysisOptions,
  Breakdown,
  BreakdownCell,
  FrequencyRow,
  ItemReport,
  OverallScore,
  Report,
  ScaleReport,
} from './types.js';

export { AnalysisOptionError } from './plan.js';
export type * from './types.js';

export const DEFAULT_MIN_CELL_SIZE = 5;

/** Default aspect scores needed for an overall score: half the aspects, rounded up (as for items in an aspect). */
export function defaultMinAspects(aspects: number): number {
  return Math.max(1, Math.ceil(aspects / 2));
}

function resolveOptions(questionnaire: Questionnaire, options: AnalysisOptions): Required<AnalysisOptions> {
  const minCellSize = options.minCellSize ?? DEFAULT_MIN_CELL_SIZE;
  if (!Number.isInteger(minCellSize) || minCellSize < 1) throw new RangeError(`minCellSize must be a whole number ≥ 1, got ${minCellSize}`);
  const aspects = questionnaire.aspects.length;
  const minAspects = options.minAspects ?? defaultMinAspects(aspects);
  if (!Number.isInteger(minAspects) || minAspects < 1) throw new RangeError(`minAspects must be a whole number ≥ 1, got ${minAspects}`);
  const percentDecimals = options.percentDecimals ?? 0;
  if (!Number.isInteger(percentDecimals) || percentDecimals < 0 || percentDecimals > 3)
    throw new RangeError(`percentDecimals must be 0..3, got ${percentDecimals}`);
  return {
    by: options.by ?? questionnaire.background.map((b) => b.id),
    minCellSize,
    minAspects,
    alphaThreshold: options.alphaThreshold ?? DEFAULT_ALPHA_THRESHOLD,
    percentDecimals,
  };
}

/** Breakdown accumulators of one background variable. */
interface BreakdownAcc {
  plan: BackgroundPlan;
  n: Float64Array;
  /** [cell][aspect] */
  scores: RunningMoments[][];
  overall: RunningMoments[];
}

/** Analyse the responses to a questionnaire. Throws AnalysisOptionError for an unknown breakdown variable. */
export function analyze(questionnaire: Questionnaire, responses: readonly Values[], options: AnalysisOptions = {}): Report {
  const settings = resolveOptions(questionnaire, options);
  const { plan, backgrounds } = buildPlan(questionnaire, settings.by);
  const { items, aspects } = plan;
  const I = items.length;
  const A = aspects.length;

  // one flat array of counts: item i's code slots start at offsets[i]
  const offsets = new Int32Array(I + 1);
  items.forEach((it, i) => (offsets[i + 1] = offsets[i]! + it.slots.codes.length));
  const counts = new Float64Array(offsets[I]!);
  const skipped = new Float64Array(I);
  const notShown = new Float64Array(I);
  const invalid = new Float64Array(I);
  const x = new Float64Array(I);

  const covariance = aspects.map((a) => new CovarianceAccumulator(a.items.length));
  const rows = aspects.map((a) => new Float64Array(a.items.length));
  const aspectScores = aspects.map(() => new RunningMoments());
  const score = new Float64Array(A);
  const overall = new RunningMoments();

  const breakdowns: BreakdownAcc[] = backgrounds.map((b) => ({
    plan: b,
    n: new Float64Array(b.cellLabels.length),
    scores: b.cellLabels.map(() => aspects.map(() => new RunningMoments())),
    overall: b.cellLabels.map(() => new RunningMoments()),
  }));
  const { tables } = plan;

  const { extractor } = plan;
  const { num, kind } = extractor;
  for (const response of responses) {
    let shown: Set<string> | null = null;
    if (plan.needsRouting) {
      const r = route(questionnaire, response);
      extractor.read(r.values);
      shown = r.shown;
    } else extractor.read(response);

    for (let i = 0; i < I; i++) {
      const item = items[i]!;
      x[i] = NaN;
      if (shown && item.conditional && !shown.has(item.question)) {
        notShown[i] = notShown[i]! + 1;
        continue;
      }
      const k = kind[item.v];
      if (k === BLANK) {
        skipped[i] = skipped[i]! + 1;
        continue;
      }
      const slot = k === NUMBER ? item.slots.slot(num[item.v]!) : -1;
      if (slot < 0) {
        invalid[i] = invalid[i]! + 1;
        continue;
      }
      counts[offsets[i]! + slot] = counts[offsets[i]! + slot]! + 1;
      // declared missing codes sit after the substantive slots and never get a value
      if (slot < item.slots.valid) x[i] = item.scored[slot]!;
    }

    let scored = 0;
    let scoreSum = 0;
    for (let a = 0; a < A; a++) {
      const aspect = aspects[a]!;
      const row = rows[a]!;
      let answered = 0;
      let sum = 0;
      for (let j = 0; j < aspect.items.length; j++) {
        const value = x[aspect.items[j]!]!;
        row[j] = value;
        if (!Number.isNaN(value)) {
          answered += 1;
          sum += value;
        }
      }
      if (answered === aspect.items.length && answered > 0) covariance[a]!.push(row);
      if (answered >= aspect.minAnswered && answered > 0) {
        const s = sum / answered;
        score[a] = s;
        aspectScores[a]!.push(s);
        scored += 1;
        scoreSum += s;
      } else score[a] = NaN;
    }
    const overallScore = scored >= settings.minAspects ? scoreSum / scored : NaN;
    if (!Number.isNaN(overallScore)) overall.push(overallScore);

    for (const b of breakdowns) {
      const cell = b.plan.cellOf(num, kind);
      b.n[cell] = b.n[cell]! + 1;
      const cellScores = b.scores[cell]!;
      for (let a = 0; a < A; a++) if (!Number.isNaN(score[a]!)) cellScores[a]!.push(score[a]!);
      if (!Number.isNaN(overallScore)) b.overall[cell]!.push(overallScore);
    }

    for (const t of tables) t.counter.add(num, kind, !(shown && t.conditional && !shown.has(t.question)));
  }

  const warnings: StatWarning[] = plan.warnings.map((message) => ({ code: 'questionnaire', message }));
  const itemReports = items.map((item, i) =>
    itemReport(item, counts.subarray(offsets[i]!, offsets[i + 1]!), skipped[i]!, notShown[i]!, invalid[i]!, settings.percentDecimals),
  );
  for (const item of itemReports)
    if (item.missing.invalid > 0)
      warnings.push({
        code: 'invalid-values',
        item: item.code,
        message: `${item.code}: ${item.missing.invalid} waarde(n) die geen antwoordcode zijn, niet meegeteld`,
      });
  const questions = tables.map((t) => t.counter.report(settings.percentDecimals));
  for (const t of tables) {
    const bad = t.counter.invalid;
    if (bad) warnings.push({ code: 'invalid-values', item: t.question, message: `${t.question}: ${bad} ongeldige waarde(n), niet meegeteld` });
  }
  if (responses.length > 0 && responses.length < settings.minCellSize)
    warnings.push({
      code: 'small-sample',
      message: `Maar ${responses.length} ingevulde vragenlijsten: minder dan de minimale celgrootte van ${settings.minCellSize}; uitsplitsingen zijn volledig onderdrukt`,
    });

  const scales: ScaleReport[] = aspects.map((aspect, a) => {
    const codes = aspect.items.map((i) => items[i]!.code);
    const rel = reliability(covariance[a]!, codes, settings.alphaThreshold);
    const reversed = aspect.items.filter((i) => items[i]!.reversed).map((i) => items[i]!.code);
    const moments = aspectScores[a]!;
    return {
      id: aspect.id,
      label: aspect.label,
      items: codes,
      reversed,
      k: rel.k,
      n: rel.n,
      alpha: rel.alpha,
      standardizedAlpha: rel.standardizedAlpha,
      ci95: rel.ci95,
      averageInterItemCorrelation: rel.averageInterItemCorrelation,
      itemStats: rel.items.map((s, j) => ({ ...s, reversed: items[aspect.items[j]!]!.reversed })),
      minAnswered: aspect.minAnswered,
      scoreMean: moments.mean().value,
      scoreSd: moments.sd().value,
      scoreN: moments.n,
      formula: aspectFormula(aspect.label, aspect.minAnswered, codes.length, reversed.length > 0),
      warnings: rel.warnings,
    };
  });

  const overallReport: OverallScore = {
    mean: overall.mean().value,
    sd: overall.sd().value,
    n: overall.n,
    minAspects: settings.minAspects,
    aspects: A,
    formula: overallFormula(settings.minAspects, A),
  };

  return {
    questionnaire: { id: questionnaire.id, version: questionnaire.version, title: questionnaire.title },
    n: responses.length,
    settings,
    scales,
    overall: overallReport,
    items: itemReports,
    breakdowns: breakdowns.map((b) => breakdownReport(b, plan, scales, overallReport, settings.minCellSize)),
    questions,
    notes: notes(settings),
    warnings,
  };
}

function aspectFormula(label: string, minAnswered: number, k: number, reversed: boolean): string {
  return (
    `Aspectscore ${label}: per respondent het gemiddelde van de beantwoorde uitspraken, als minstens ${minAnswered} van de ${k} ` +
    `uitspraken beantwoord zijn; 'geen oordeel' en 'weet niet' tellen niet mee` +
    (reversed ? ', omgekeerd geformuleerde uitspraken eerst omgecodeerd' : '') +
    `. Daarna gemiddeld over de respondenten met een aspectscore.`
  );
}

function overallFormula(minAspects: number, aspects: number): string {
  return (
    `Totaalscore: per respondent het gemiddelde van zijn of haar aspectscores, als minstens ${minAspects} van de ${aspects} ` +
    `aspecten een score hebben (elk aspect telt even zwaar, ongeacht het aantal uitspraken). Daarna gemiddeld over de respondenten met een totaalscore.`
  );
}

function notes(settings: Required<AnalysisOptions>): string[] {
  return [
    "'Geen oordeel' en 'weet niet' zijn ontbrekende antwoorden: ze worden geteld, maar nooit als score gemiddeld.",
    'Cronbachs alfa is berekend over de respondenten die alle uitspraken van het aspect beantwoordden (listwise, zoals SPSS RELIABILITY); het 95%-betrouwbaarheidsinterval volgens Feldt.',
    'Vragen die door de routering niet getoond zijn, tellen in geen enkele noemer mee.',
    'Percentages zijn zo afgerond (grootste-restmethode) dat elke kolom precies 100 optelt.',
    `Uitsplitsingen: cellen met minder dan ${settings.minCellSize} respondenten tonen alleen n; als daardoor een cel uit het totaal af te leiden zou zijn, is ook de kleinste andere cel onderdrukt.`,
  ];
}

function itemReport(item: ItemPlan, counts: Float64Array, skipped: number, notShown: number, invalid: number, decimals: number): ItemReport {
  const { slots } = item;
  const validCodes = slots.codes.slice(0, slots.valid);
  const validCounts = Array.from(counts.subarray(0, slots.valid));
  const m = momentsFromCounts(validCodes, validCounts);
  let min: number | null = null;
  let max: number | null = null;
  validCodes.forEach((code, i) => {
    if (validCounts[i]! > 0) {
      if (min === null || code < min) min = code;
      if (max === null || code > max) max = code;
    }
  });
  let declared = 0;
  const rows: Array<Omit<FrequencyRow, 'percent' | 'validPercent'>> = slots.codes.map((value, i) => {
    if (i >= slots.valid) declared += counts[i]!;
    return { kind: i < slots.valid ? 'option' : 'missing', value, label: slots.labels[i]!, count: counts[i]! };
  });
  rows.push({ kind: 'nonResponse', value: null, label: 'Geen antwoord', count: skipped });
  if (invalid > 0) rows.push({ kind: 'invalid', value: null, label: 'Ongeldige code', count: invalid });
  const table = frequencyRows(rows, decimals);
  return {
    code: item.code,
    question: item.question,
    label: item.label,
    aspect: item.aspect,
    reversed: item.reversed,
    n: m.n,
    missing: { skipped, declared, notShown, invalid },
    min,
    max,
    mean: m.mean.value,
    sd: m.sd.value,
    frequencies: table.rows,
    total: table.total,
  };
}

function breakdownReport(b: BreakdownAcc, plan: Plan, scales: ScaleReport[], overall: OverallScore, minimum: number): Breakdown {
  const cells = b.plan.cellLabels.length;
  const ns = Array.from(b.n);
  const cellSuppression = suppressCells(ns, minimum);
  const forced = cellSuppression.map((s) => s !== null);
  // per scale (and overall), the cells' score counts decide a second round of suppression
  const scaleSuppression = plan.aspects.map((_, a) =>
    suppressCells(
      b.scores.map((c) => c[a]!.n),
      minimum,
      forced,
    ),
  );
  const overallSuppression = suppressCells(
    b.overall.map((m) => m.n),
    minimum,
    forced,
  );

  const out: BreakdownCell[] = [];
  for (let c = 0; c < cells; c++) {
    const suppression = cellSuppression[c]!;
    const cell: BreakdownCell = {
      value: b.plan.cellLabels[c]!,
      code: b.plan.cellCodes[c]!,
      missing: c === cells - 1,
      n: ns[c]!,
      suppressed: suppression !== null,
      suppression,
      scores: {},
      scoreN: {},
      scoreSd: {},
      suppressedScores: [],
      overall: null,
      overallN: 0,
    };
    if (suppression === null) {
      plan.aspects.forEach((aspect, a) => {
        const m = b.scores[c]![a]!;
        const hidden = scaleSuppression[a]![c] !== null;
        cell.scores[aspect.id] = hidden ? null : m.mean().value;
        cell.scoreSd[aspect.id] = hidden ? null : m.sd().value;
        cell.scoreN[aspect.id] = m.n;
        if (hidden) cell.suppressedScores.push(aspect.id);
      });
      const m = b.overall[c]!;
      cell.overallN = m.n;
      if (overallSuppression[c] === null) cell.overall = m.mean().value;
      else cell.suppressedScores.push('overall');
    }
    out.push(cell);
  }
  const suppressed = out.filter((c) => c.suppressed);
  const small = suppressed.filter((c) => c.suppression === 'small').length;
  const complementary = suppressed.length - small;
  const partly = out.filter((c) => !c.suppressed && c.suppressedScores.length > 0).length;
  const parts = [
    small ? `${small} cel(len) met minder dan ${minimum} respondenten onderdrukt` : '',
    complementary ? `${complementary} cel(len) aanvullend onderdrukt, zodat onderdrukte cellen niet uit het totaal af te leiden zijn` : '',
    partly ? `in ${partly} cel(len) zijn scores van afzonderlijke aspecten onderdrukt (te weinig scores)` : '',
  ].filter(Boolean);
  return {
    variable: b.plan.variable,
    label: b.plan.label,
    question: b.plan.question,
    banded: b.plan.banded,
    cells: out,
    total: {
      n: ns.reduce((a, x) => a + x, 0),
      scores: Object.fromEntries(scales.map((s) => [s.id, s.scoreMean])),
      scoreN: Object.fromEntries(scales.map((s) => [s.id, s.scoreN])),
      overall: overall.mean,
      overallN: overall.n,
    },
    note: parts.length ? `${parts.join('; ')}.` : `Geen cellen onderdrukt (minimum ${minimum} respondenten per cel).`,
  };
}
