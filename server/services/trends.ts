/**
 * Trends: per house, each aspect's mean over all its waves whose questionnaire keeps that aspect
 * comparable (comparableAspects), with the 95 % interval and n of each; and the national trend: per
 * year, the benchmark of every house's latest closed wave opened that year (this house included), with
 * the same rules as the benchmark (only houses with at least the minimum count; withheld where it
 * would give one house the reader may not read). Until national rounds exist, a year is a round.
 */
import type { Db } from '../db/connection.js';
import type { SessionUser, Wave } from '../db/database.js';
import { comparableWaves, type WaveWithResponses } from '../db/repositories/compare.js';
import { waveQuestionnaire } from '../db/repositories/waves.js';
import { comparableAspects } from '../domain/compare/comparable.js';
import { compareHouses, type Benchmark } from '../domain/compare/houses.js';
import { summarize, type ReportSummary } from '../domain/compare/summary.js';
import { waveState, type WaveState } from '../domain/fieldwork/waveState.js';
import { meanInterval } from '../domain/stats/meanInterval.js';
import { canActorReadResults } from './access.js';
import type { Actor } from './context.js';
import { periodText, restricted } from './compare.js';
import { comparisonSummary, loadResults, resultsWave, type WaveResults } from './results.js';

export interface TrendPointData {
  mean: number | null;
  interval: [number, number] | null;
  n: number;
  /** Why there is no mean, in Dutch (not comparable, too few, withheld); null when there is one. */
  reason: string | null;
}

export interface Trend {
  wave: Wave;
  /** The wave's own results (its questionnaire and report). */
  current: WaveResults;
  aspects: Array<{ id: string; label: string }>;
  /** The house's waves with responses of a comparable questionnaire, oldest first, this wave among them. */
  houseWaves: Array<{ id: string; title: string; test: boolean; period: string; year: string; state: WaveState; responses: number; points: Record<string, TrendPointData> }>;
  /** Per year (oldest first): the benchmark of every house. */
  national: Array<{ year: string; houses: number; points: Record<string, TrendPointData> }>;
  minCellSize: number;
}

const point = (s: { mean: number | null; sd: number | null; n: number }, reason: string | null): TrendPointData => ({
  mean: s.mean,
  interval: s.mean === null ? null : (meanInterval(s.mean, s.sd, s.n).value as [number, number] | null),
  n: s.n,
  reason: s.mean === null ? reason : null,
});

/**
 * `f` called for one argument at a time, in the order of the calls: a national round's first trend view
 * analyses some hundred waves, and loading them all at once held every wave's responses in memory
 * together (the national-round benchmark: +233 MB above baseline against a bound of 200). Each wave
 * comes as its cached summary (comparisonSummary), not its report.
 */
function oneAtATime<A, R>(f: (a: A) => Promise<R>): (a: A) => Promise<R> {
  let last: Promise<unknown> = Promise.resolve();
  return (a) => {
    const next = last.then(() => f(a));
    last = next.catch(() => undefined);
    return next;
  };
}

/** The trend of the house of wave `waveId` (404 when it cannot be read), at `now`. */
export async function houseTrend(db: Db, user: SessionUser, waveId: string, now: Date): Promise<Trend> {
  const wave = await resultsWave(db, user, waveId);
  return trendOf(db, { user }, wave, now);
}

/** The trend of a wave already found, for `actor`. */
export async function trendOf(db: Db, actor: Actor, wave: Wave, now: Date): Promise<Trend> {
  const questionnaire = waveQuestionnaire(wave);
  const ids = [...questionnaire.aspects.map((a) => ({ id: a.id, label: a.label })), { id: 'overall', label: 'Alle aspecten' }];
  // test waves (Testronde) are in no trend; the wave asked about is in its own house's line, marked if it is one
  const candidates = (await comparableWaves(db, wave))
    .filter((w) => !w.is_test)
    .map((w) => ({ w, comparable: comparableAspects(questionnaire, waveQuestionnaire(w)) }))
    .filter((x) => x.comparable.size > 0);
  const current = await loadResults(db, wave, { breakdowns: false, now });
  const mine = summarize(current.report);
  const summaryOf = oneAtATime(async (w: Wave & { responses?: number }) => (w.id === wave.id ? mine : comparisonSummary(db, w, now)));
  const minCellSize = wave.min_cell_size;

  const own = [{ w: { ...wave, responses: current.report.n } as WaveWithResponses, comparable: comparableAspects(questionnaire, questionnaire) }, ...candidates.filter((x) => x.w.house_id === wave.house_id && waveState(x.w, now) !== 'concept' && canActorReadResults(actor, x.w))].sort((a, b) =>
    a.w.opens_at.localeCompare(b.w.opens_at),
  );
  const houseWaves = await Promise.all(
    own.map(async ({ w, comparable }) => {
      const summary = await summaryOf(w);
      const all = comparable.size === questionnaire.aspects.length;
      const points = Object.fromEntries(
        ids.map(({ id }) => {
          const ok = id === 'overall' ? all : comparable.has(id);
          const s = id === 'overall' ? summary.overall : (summary.aspects.find((a) => a.id === id) ?? { mean: null, sd: null, n: 0 });
          if (!ok) return [id, { mean: null, interval: null, n: 0, reason: 'niet vergelijkbaar (anders gemeten in deze vragenlijstversie)' }];
          return [id, point(s, s.n > 0 ? `minder dan ${w.min_cell_size} respondenten met een score` : 'geen scores')];
        }),
      );
      return { id: w.id, title: w.title, test: w.is_test === 1, period: periodText(w), year: w.opens_at.slice(0, 4), state: waveState(w, now), responses: w.responses, points };
    }),
  );

  // the national trend: per year, per house its latest closed wave opened that year
  const closed = [{ w: { ...wave, responses: current.report.n } as WaveWithResponses, comparable: comparableAspects(questionnaire, questionnaire) }, ...candidates].filter((x) => !x.w.is_test && waveState(x.w, now) === 'closed');
  const years = [...new Set(closed.map((x) => x.w.opens_at.slice(0, 4)))].sort();
  const national = await Promise.all(
    years.map(async (year) => {
      const latest = new Map<number, (typeof closed)[number]>();
      for (const x of closed.filter((c) => c.w.opens_at.startsWith(year))) {
        const seen = latest.get(x.w.house_id);
        if (!seen || x.w.opens_at > seen.w.opens_at) latest.set(x.w.house_id, x);
      }
      const pool = await Promise.all(
        [...latest.values()].map(async ({ w, comparable }) => ({
          key: w.id,
          house: w.house,
          wave: w.title,
          period: periodText(w),
          summary: restricted(await summaryOf(w), comparable, questionnaire.aspects.length),
        })),
      );
      const minimum = Math.max(minCellSize, ...[...latest.values()].map((x) => x.w.min_cell_size));
      const empty: ReportSummary = { questionnaireId: questionnaire.id, version: questionnaire.version, n: 0, aspects: ids.slice(0, -1).map(({ id, label }) => ({ id, label, mean: null, n: 0, sd: null })), overall: { mean: null, n: 0, sd: null } };
      const byKey = new Map([...latest.values()].map((x) => [x.w.id, x.w]));
      const c = compareHouses({ key: '', house: '', wave: '', period: '', summary: empty }, pool, minimum, (key) => !canActorReadResults(actor, byKey.get(key)!));
      const ref = (r: { reference: Benchmark }) => point(r.reference, r.reference.suppressed ? 'niet getoond: zou de cijfers van een afzonderlijk huis verraden' : 'geen huis met genoeg respondenten');
      const points = Object.fromEntries([...c.rows.map((r) => [r.id, ref(r)] as const), ['overall', ref(c.overall)] as const]);
      return { year, houses: c.waves.filter((w) => w.counted).length, points };
    }),
  );
  return { wave, current, aspects: ids, houseWaves, national, minCellSize };
}
