/** A breakdown in the report: scores per group of a background variable, small groups suppressed. */
import { RunningMoments } from '../stats/descriptives.js';
import type { BackgroundPlan, Plan } from './plan.js';
import { suppressCells } from './suppression.js';
import type { Breakdown, BreakdownCell, OverallScore, ScaleReport } from './types.js';


/** Breakdown accumulators of one background variable. */
/** A breakdown cell's score fields before any score is added (or once a suppression empties them). */
export function noScores(): Pick<BreakdownCell, 'scores' | 'scoreN' | 'scoreSd' | 'suppressedScores' | 'overall' | 'overallSd' | 'overallN'> {
  return { scores: {}, scoreN: {}, scoreSd: {}, suppressedScores: [], overall: null, overallSd: null, overallN: 0 };
}

export interface BreakdownAcc {
  plan: BackgroundPlan;
  n: Float64Array;
  /** [cell][aspect] */
  scores: RunningMoments[][];
  overall: RunningMoments[];
}

/** One breakdown's cells, with the small ones (and what would reveal them) suppressed. */
export function breakdownReport(b: BreakdownAcc, plan: Plan, scales: ScaleReport[], overall: OverallScore, minimum: number): Breakdown {
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
      ...noScores(),
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
      if (overallSuppression[c] === null) {
        cell.overall = m.mean().value;
        cell.overallSd = m.sd().value;
      } else cell.suppressedScores.push('overall');
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
