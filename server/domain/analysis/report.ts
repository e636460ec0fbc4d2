/**
 * The analysis engine: a questionnaire and its responses in, a typed report out, in one pass over the
 * responses (accumulators only; the only per-response storage is the answers to number questions, for
 * their median).
 *
 * Rules the report keeps, each a mistake of the published Stappenmeter analysis it must not repeat:
 * - a declared missing answer (geen oordeel, weet niet) is missing data: counted, never averaged;
 * - option codes of nominal questions are never averaged; bands use what an option means;
 * - every score says how it is built (`formula`), every cell says its n;
 * - breakdown cells smaller than the minimum are suppressed, with complementary suppression, and so
 *   is every whole-sample statistic (aspect mean, overall mean, alpha, a statement's mean and
 *   distribution) that rests on fewer scored respondents than the minimum;
 * - percentages are rounded so each column totals exactly 100;
 * - nothing is NaN or Infinity: what cannot be computed is null, with a warning.
 */
import type { Questionnaire } from '../questionnaire/normalize.js';
import { route } from '../questionnaire/routing.js';
import type { Values } from '../questionnaire/variables.js';
import type { StatWarning } from '../stats/computable.js';
import { CovarianceAccumulator } from '../stats/covariance.js';
import { AtomCollector, closeLeaks, publishedRows } from './disclosure.js';
import { cronbachAlpha } from '../stats/cronbachAlpha.js';
import { PairwiseCovarianceAccumulator } from '../stats/pairwiseCovariance.js';
import { RunningMoments } from '../stats/descriptives.js';
import { DEFAULT_ALPHA_THRESHOLD, reliability } from '../stats/reliability.js';
import { BLANK, NUMBER } from './extract.js';
import { buildPlan, type BackgroundPlan } from './plan.js';
import { OUTSIDE_BANDS } from '../questionnaire/types/number/table.js';
import { breakdownReport, type BreakdownAcc } from './breakdown.js';
import { itemReport } from './itemReport.js';
import type {
  AnalysisOptions,
  Breakdown,
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
  const pairwise = aspects.map((a) => new PairwiseCovarianceAccumulator(a.items.length));
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
  const atoms = new AtomCollector(backgrounds, A + 1);
  const cellsOf = new Int32Array(backgrounds.length);
  const notAsked = new Uint8Array(backgrounds.length);
  const scoredFlags = new Array<boolean>(A + 1).fill(false);

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
      if (answered > 0) pairwise[a]!.push(row);
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

    for (const [bi, b] of breakdowns.entries()) {
      const cell = b.plan.cellOf(num, kind);
      cellsOf[bi] = cell;
      b.n[cell] = b.n[cell]! + 1;
      const cellScores = b.scores[cell]!;
      for (let a = 0; a < A; a++) if (!Number.isNaN(score[a]!)) cellScores[a]!.push(score[a]!);
      if (!Number.isNaN(overallScore)) b.overall[cell]!.push(overallScore);
    }
    if (breakdowns.length) {
      for (let a = 0; a < A; a++) scoredFlags[a] = !Number.isNaN(score[a]!);
      scoredFlags[A] = !Number.isNaN(overallScore);
      for (const [bi, b] of backgrounds.entries()) notAsked[bi] = shown && b.conditional && !shown.has(b.question) ? 1 : 0;
      atoms.add(num, kind, cellsOf, scoredFlags, notAsked);
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

  const min = settings.minCellSize;
  const tooFew = (n: number) => n > 0 && n < min;
  const scales: ScaleReport[] = aspects.map((aspect, a) => {
    const codes = aspect.items.map((i) => items[i]!.code);
    const rel = reliability(covariance[a]!, codes, settings.alphaThreshold);
    const reversed = aspect.items.filter((i) => items[i]!.reversed).map((i) => items[i]!.code);
    const moments = aspectScores[a]!;
    const scoreSuppressed = tooFew(moments.n);
    const reliabilitySuppressed = tooFew(rel.n);
    const pw = pairwise[a]!;
    const pairwiseN = pw.minPairN();
    const pairwiseCov = codes.length > 1 && !tooFew(pairwiseN) ? pw.covariance() : null;
    const pairwiseAlpha = pairwiseCov ? cronbachAlpha(pairwiseCov).value : null;
    const warnings = reliabilitySuppressed
      ? [{ code: 'suppressed', message: `Alfa niet getoond: maar ${rel.n} respondenten beantwoordden alle uitspraken, minder dan de minimale celgrootte van ${min}` }]
      : rel.warnings;
    if (rel.n < moments.n / 2 && codes.length > 1)
      warnings.push({
        code: 'listwise-small',
        message:
          `Alfa rust op ${rel.n} van de ${moments.n} respondenten met een aspectscore: alleen wie alle ${codes.length} uitspraken beantwoordde telt mee (listwise). ` +
          (pairwiseAlpha !== null
            ? `Met paarsgewijze weglating (elk paar uitspraken over wie beide beantwoordde, zoals psych::alpha standaard doet) is alfa ${formatAlpha(pairwiseAlpha)}, over minstens ${pairwiseN} respondenten per paar.`
            : 'Ook met paarsgewijze weglating zijn er te weinig respondenten per paar uitspraken.'),
      });
    const stats = rel.items.map((s, j) => ({ ...s, reversed: items[aspect.items[j]!]!.reversed }));
    return {
      id: aspect.id,
      label: aspect.label,
      items: codes,
      reversed,
      k: rel.k,
      n: rel.n,
      alpha: reliabilitySuppressed ? null : rel.alpha,
      standardizedAlpha: reliabilitySuppressed ? null : rel.standardizedAlpha,
      ci95: reliabilitySuppressed ? null : rel.ci95,
      averageInterItemCorrelation: reliabilitySuppressed ? null : rel.averageInterItemCorrelation,
      itemStats: reliabilitySuppressed ? stats.map(suppressedItemStats) : stats,
      reliabilitySuppressed,
      pairwiseAlpha,
      pairwiseN,
      minAnswered: aspect.minAnswered,
      scoreMean: scoreSuppressed ? null : moments.mean().value,
      scoreSd: scoreSuppressed ? null : moments.sd().value,
      scoreN: moments.n,
      scoreSuppressed,
      formula: aspectFormula(aspect.label, aspect.minAnswered, codes.length, reversed.length > 0),
      warnings,
    };
  });

  const overallSuppressed = tooFew(overall.n);
  const overallReport: OverallScore = {
    mean: overallSuppressed ? null : overall.mean().value,
    sd: overallSuppressed ? null : overall.sd().value,
    n: overall.n,
    suppressed: overallSuppressed,
    minAspects: settings.minAspects,
    aspects: A,
    formula: overallFormula(settings.minAspects, A),
  };
  for (const item of itemReports) if (tooFew(item.n)) suppressItem(item);

  const breakdownReports = breakdowns.map((b) => breakdownReport(b, plan, scales, overallReport, settings.minCellSize));
  // the tables together, not only each on its own: hide more groups while a small one can be computed
  const disclosure = closeLeaks(atoms.list(), { breakdowns: breakdownReports, scales, overall: overallReport, minimum: min }, () =>
    breakdownReports.map((b, i) => publishedRows(b, backgrounds[i]!, questions)),
  );
  if (disclosure.withheld)
    warnings.push({
      code: 'disclosure-withheld',
      message: `Uitsplitsingen en scores ingehouden: uit de tabellen samen zou een groep van minder dan ${min} respondenten terug te rekenen zijn, en geen enkele cel of rij verbergen voorkomt dat`,
    });
  breakdownReports.forEach((b, i) => hideGroupCounts(b, backgrounds[i]!, questions));
  return {
    questionnaire: { id: questionnaire.id, version: questionnaire.version, title: questionnaire.title },
    n: responses.length,
    settings,
    scales,
    overall: overallReport,
    items: itemReports,
    breakdowns: breakdownReports,
    questions,
    notes: notes(settings),
    warnings,
  };
}

const formatAlpha = (x: number) => x.toFixed(2).replace('.', ',');

/** The statistics of an item in a reliability analysis on too few respondents: none. */
function suppressedItemStats<T extends ScaleReport['itemStats'][number]>(s: T): T {
  return { ...s, min: null, max: null, mean: null, sd: null, alphaIfDeleted: null, standardizedAlphaIfDeleted: null, itemRestCorrelation: null };
}

/** A statement answered by fewer than the minimum: its descriptives and answer counts are not published (no frequency rows). */
function suppressItem(item: ItemReport): void {
  item.suppressed = true;
  item.min = null;
  item.max = null;
  item.mean = null;
  item.sd = null;
  item.frequencies = [];
}

/**
 * Hidden means hidden everywhere: the rows of the background question's frequency table that make up
 * a suppressed breakdown cell are hidden too (with the cell's reason), or the table would give the
 * group's n that the breakdown withholds: a choice question's options, a number question's bands.
 */
function hideGroupCounts(b: Breakdown, plan: BackgroundPlan, questions: Report['questions']): void {
  const cellOfCode = plan.cellOfCode;
  for (const q of questions) {
    // a number question's groups are its bands, and "Onbekend": no number, weet niet, invalid, outside every band
    if (q.code === b.question && q.type === 'number' && q.bands) {
      const byLabel = new Map(b.cells.map((c) => [c.value, c]));
      const unknown = b.cells[b.cells.length - 1]!.suppression;
      q.bands = q.bands.map((band) => {
        const reason = band.label === OUTSIDE_BANDS ? unknown : byLabel.get(band.label)?.suppression;
        return reason && !band.hidden ? { ...band, hidden: reason } : band;
      });
      if (unknown) for (const row of ['declared', 'skipped', 'invalid'] as const) q.hiddenCounts[row] ??= unknown;
      if (unknown && q.notShown > 0) q.notShownHidden ??= unknown;
      continue;
    }
    if (!cellOfCode) continue;
    if (q.code !== b.question || !('rows' in q) || (q.type !== 'single' && q.type !== 'yesno')) continue;
    // those not asked are in "Onbekend" too
    const unknown = b.cells[cellOfCode(null)]?.suppression;
    if (unknown && q.notShown > 0) q.notShownHidden ??= unknown;
    q.rows = q.rows.map((row) => {
      // an invalid code is in no option's cell: "Onbekend", like no answer
      const cell = b.cells[cellOfCode(row.kind === 'option' || row.kind === 'other' ? row.value : null)];
      return cell?.suppression && !row.hidden ? { ...row, hidden: cell.suppression } : row;
    });
  }
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
