/**
 * Comparing a wave's aspect scores with another wave of the same questionnaire version (the same
 * house a year earlier, by default) and with the waves of other houses (by default, per house, the
 * wave that opened closest to this one). Houses are matched by id, never by name.
 *
 * Who may read every house's results (landelijk onderzoeker, landelijk evaluator) sees the other
 * houses one by one and chooses them. Everyone else (a house's evaluator or coordinator) sees the
 * benchmark only: the other houses pooled, never one of them on its own, never which waves; and only
 * when at least MIN_BENCHMARK_HOUSES other houses take part, since this house's own figures and
 * the pooled mean together give the mean of the others. The comparison page and the summary that
 * opens the results (page, printed report, workbook) both go through comparisonOf(), so that rule
 * holds in one place.
 */
import type { Db } from '../db/connection.js';
import type { SessionUser, Wave } from '../db/database.js';
import { comparableWaves, type WaveWithResponses } from '../db/repositories/compare.js';
import { countWaveResponses } from '../db/repositories/results.js';
import { waveQuestionnaire } from '../db/repositories/waves.js';
import { comparableAspects } from '../domain/compare/comparable.js';
import { benchmarksToWithhold, publishedOf, type PublishedBenchmark } from '../domain/compare/acrossWaves.js';
import { compareHouses, poolBenchmark, type HouseCell, type HouseComparison, type HouseInput, type PooledWave } from '../domain/compare/houses.js';
import { summarize, type ReportSummary } from '../domain/compare/summary.js';
import { waveState } from '../domain/fieldwork/waveState.js';
import { compareWaves, type WaveComparison } from '../domain/compare/waves.js';
import type { SummaryInput } from '../domain/analysis/tables/summary.js';
import { formatDutchDate } from '../domain/format/nl.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { actorSeesEveryHouse, canActorReadResults } from './access.js';
import type { Actor } from './context.js';
import { comparisonSummaries, comparisonSummary, loadResults, resultsOverview, resultsWave, type WaveResults } from './results.js';
import { waveTitle } from '../domain/fieldwork/testWave.js';

export interface ComparisonChoice {
  /** The other wave; by default the latest earlier wave of the same house. */
  withId?: string;
  /** The period whose waves the benchmark pools (their opening day in it); by default the year before this wave opened up to its closing. */
  period?: Period;
}

/** Two calendar days (YYYY-MM-DD), both included. */
export interface Period {
  from: string;
  to: string;
}

export interface Comparison {
  current: WaveResults;
  /** Every other readable wave with responses whose questionnaire shares comparable aspects with this one, latest first. */
  others: WaveWithResponses[];
  otherWave: WaveWithResponses | undefined;
  /** Null when either side has no aspects or there is no other wave. */
  waveComparison: WaveComparison | null;
  /** The period the benchmark pools. */
  period: Period;
  /** Null without aspects or without a closed wave of another house in the period. */
  houseComparison: { comparison: HouseComparison; minCellSize: number; houseCount: number } | null;
  /** The user sees the other houses only pooled (no per-house means). */
  benchmarkOnly: boolean;
  /** Why there is no benchmark for a benchmark-only user, in Dutch; null otherwise. */
  benchmarkWithheld: string | null;
}

/** Other houses a benchmark-only view needs: with fewer, the pooled mean would be one house's mean. */
export const MIN_BENCHMARK_HOUSES = 2;

const DAY = 24 * 3600 * 1000;
const day = (iso: string) => iso.slice(0, 10);

/** The default period of the benchmark: from a year before the wave opened up to its closing day. */
export function defaultPeriod(wave: Pick<Wave, 'opens_at' | 'closes_at'>): Period {
  return { from: day(new Date(Date.parse(wave.opens_at) - 365 * DAY).toISOString()), to: day(wave.closes_at) };
}

/** The period in words ("1 jan 2025 – 31 dec 2025"). */
export function periodText(w: Pick<Wave, 'opens_at' | 'closes_at'>): string {
  return `${formatDutchDate(w.opens_at)} – ${formatDutchDate(w.closes_at)}`;
}

/** The waves `user` can start a comparison from: those with responses. */
export async function comparisonStarts(db: Db, user: SessionUser): Promise<WaveWithResponses[]> {
  return (await resultsOverview(db, user)).filter((w) => w.responses > 0);
}

/** The comparison of the wave `waveId` (404 when it cannot be read) as chosen, at `now`. */
export async function compareWave(db: Db, user: SessionUser, waveId: string, choice: ComparisonChoice, now: Date): Promise<Comparison> {
  return compareLoadedWave(db, { user }, await resultsWave(db, user, waveId), choice, now);
}

/** The comparison of a wave already found (the command line: every house), as chosen, at `now`. */
export async function compareLoadedWave(db: Db, actor: Actor, wave: Wave, choice: ComparisonChoice, now: Date): Promise<Comparison> {
  return comparisonOf(db, await loadResults(db, wave, { breakdowns: false, now }), actor, choice, now);
}

/**
 * What the summary of a wave's results compares with, by default: the same house's previous wave
 * and the benchmark of the other houses, among the waves `actor` may read. Nothing without aspects.
 */
export async function summaryComparisons(db: Db, actor: Actor, current: WaveResults, now: Date): Promise<Omit<SummaryInput, 'report'>> {
  const none = { previous: null, houses: null, housesWithheld: null };
  if (current.report.scales.length === 0 || !canActorReadResults(actor, current.wave)) return none;
  const c = await comparisonOf(db, current, actor, {}, now);
  return {
    previous: c.waveComparison && c.otherWave ? { label: `${waveTitle(c.otherWave)} (${periodText(c.otherWave)})`, comparison: c.waveComparison } : null,
    houses: c.houseComparison ? { count: c.houseComparison.houseCount, comparison: c.houseComparison.comparison } : null,
    housesWithheld: c.benchmarkWithheld,
  };
}

/**
 * The waves the benchmark pools: of other houses, closed at `now`, of a questionnaire with comparable
 * aspects, opened within the period; per house the latest. Never an open, scheduled, concept or test wave.
 */
export function benchmarkWaves(wave: Wave, candidates: readonly WaveWithResponses[], period: Period, now: Date): WaveWithResponses[] {
  const latest = new Map<number, WaveWithResponses>();
  for (const w of candidates) {
    // a test wave (Testronde) is never pooled, whatever its state
    if (w.house_id === wave.house_id || w.is_test || waveState(w, now) !== 'closed') continue;
    if (day(w.opens_at) < period.from || day(w.opens_at) > period.to) continue;
    const seen = latest.get(w.house_id);
    if (!seen || w.opens_at > seen.opens_at) latest.set(w.house_id, w);
  }
  return [...latest.values()].sort((a, b) => a.house.localeCompare(b.house, 'nl'));
}

/** A summary restricted to the aspects comparable with the current wave's questionnaire (the overall score only when all are). */
export function restricted(summary: ReportSummary, comparable: ReadonlySet<string>, all: number): ReportSummary {
  const aspects = summary.aspects.filter((a) => comparable.has(a.id));
  return { ...summary, aspects, overall: aspects.length === all && summary.aspects.length === all ? summary.overall : { mean: null, n: 0, sd: null } };
}

/**
 * The comparison of a loaded wave, for `actor`: the previous wave among the waves they may read; the
 * benchmark of the other houses (benchmarkWaves) with the per-house means for who sees every house,
 * pooled only for everyone else, withheld with fewer than MIN_BENCHMARK_HOUSES other houses.
 */
async function comparisonOf(db: Db, current: WaveResults, actor: Actor, choice: ComparisonChoice, now: Date): Promise<Comparison> {
  const { wave, questionnaire } = current;
  const sameQuestionnaire = await comparableWaves(db, wave);
  const candidates = sameQuestionnaire.filter((w) => comparableAspects(questionnaire, waveQuestionnaire(w)).size > 0);
  const others = candidates.filter((w) => canActorReadResults(actor, w));
  const hasAspects = current.report.scales.length > 0;
  const benchmarkOnly = !actorSeesEveryHouse(actor);
  const mine = summarize(current.report);

  // the default earlier wave is a real one; a test wave only when chosen
  const sameHouse = others.filter((w) => w.house_id === wave.house_id && !w.is_test && w.opens_at < wave.opens_at);
  const otherWave = others.find((w) => w.id === (choice.withId ?? sameHouse[0]?.id ?? ''));
  let waveComparison: WaveComparison | null = null;
  if (hasAspects && otherWave) waveComparison = compareWaves(mine, await comparisonSummary(db, otherWave, now), comparableAspects(questionnaire, waveQuestionnaire(otherWave)));

  // a benchmark-only user gets the default period: comparing periods would set houses apart
  const period = (!benchmarkOnly && choice.period) || defaultPeriod(wave);
  const bench = hasAspects ? await benchmarkOf(db, wave, questionnaire, mine, candidates, actor, period, now) : { houseComparison: null, benchmarkWithheld: null };
  let { houseComparison, benchmarkWithheld } = bench;
  if (benchmarkOnly && houseComparison && 'user' in actor && (await withheldAcrossWaves(db, actor, { ...wave, responses: current.responses }, sameQuestionnaire, now)).has(wave.id)) {
    houseComparison = null;
    benchmarkWithheld = WITHHELD_ACROSS_WAVES;
  }
  // benchmark only: which waves count and their n, never another house's means
  if (benchmarkOnly && houseComparison) houseComparison.comparison.waves = houseComparison.comparison.waves.map(withoutMeans);
  return { current, others, otherWave, waveComparison, period, houseComparison, benchmarkOnly, benchmarkWithheld };
}

type BenchmarkResult = Pick<Comparison, 'houseComparison' | 'benchmarkWithheld'> & { readable?: (key: string) => boolean };

/** The benchmark of `wave` (its summary `mine`) in `period` as compareHouses gives it (per-house means still in), or why it is withheld. */
async function benchmarkOf(
  db: Db,
  wave: Wave,
  questionnaire: Questionnaire,
  mine: ReportSummary,
  candidates: readonly WaveWithResponses[],
  actor: Actor,
  period: Period,
  now: Date,
): Promise<BenchmarkResult> {
  const pool = benchmarkWaves(wave, candidates, period, now);
  if (pool.length === 0) return { houseComparison: null, benchmarkWithheld: null };
  if (!actorSeesEveryHouse(actor) && pool.length < MIN_BENCHMARK_HOUSES)
    return {
      houseComparison: null,
      benchmarkWithheld: `Er is maar één ander huis met een gesloten ronde van een vergelijkbare vragenlijst in deze periode: met minder dan ${MIN_BENCHMARK_HOUSES} andere huizen zou het gemiddelde van de andere huizen de cijfers van dat huis zijn.`,
    };
  const minCellSize = Math.max(wave.min_cell_size, ...pool.map((w) => w.min_cell_size));
  const readable = readableIn(actor, pool);
  const comparison = compareHouses(
    { key: wave.id, house: wave.house, wave: waveTitle(wave), period: periodText(wave), summary: mine },
    await pooledInputs(db, questionnaire, pool, mine.aspects.length, now),
    minCellSize,
    (key) => !readable(key),
  );
  return { houseComparison: { comparison, minCellSize, houseCount: comparison.waves.filter((w) => w.counted).length }, benchmarkWithheld: null, readable };
}

/** Whether `actor` may read the results of the pooled wave with this key (its id). */
function readableIn(actor: Actor, pool: readonly Wave[]): (key: string) => boolean {
  return (key) => canActorReadResults(actor, pool.find((w) => w.id === key)!);
}

/** The pooled waves as the benchmark takes them: each wave's summary (closed waves' from the results cache, one wave analysed at a time) restricted to the aspects comparable with `questionnaire`. */
async function pooledInputs(db: Db, questionnaire: Questionnaire, pool: ReadonlyArray<Wave & { house: string; responses?: number }>, aspectCount: number, now: Date): Promise<HouseInput[]> {
  const summaries = await comparisonSummaries(db, pool, now);
  return pool.map((w) => ({
    key: w.id,
    house: w.house,
    wave: w.title,
    period: periodText(w),
    summary: restricted(summaries.get(w.id)!, comparableAspects(questionnaire, waveQuestionnaire(w)), aspectCount),
  }));
}

/** A national round's own benchmark: its closed waves pooled, one per house. */
export interface RoundBenchmark {
  /** Waves in the round. */
  waves: number;
  /** Of those, closed. */
  closed: number;
  /** The waves pooled: closed, with responses, of a questionnaire comparable with the round's; by house. */
  pooled: Wave[];
  /** Null when nothing is pooled or the benchmark is withheld. */
  comparison: HouseComparison | null;
  minCellSize: number;
  /** Houses that count for at least one aspect. */
  houseCount: number;
  /** Why there is no benchmark, in Dutch; null otherwise. */
  withheld: string | null;
}

/**
 * The benchmark of a national round's own waves (one per house, by construction): per aspect the
 * pooled mean and the mean of house means of its closed waves with responses, by compareHouses' rules
 * (a house below the minimum cell size does not count for an aspect; what `actor` may not read is
 * guarded as on the compare page). Open, scheduled and concept waves are never pooled. With fewer than
 * MIN_BENCHMARK_HOUSES pooled houses there is no benchmark: it would be one house's own figures.
 */
export async function roundBenchmark(db: Db, actor: Actor, questionnaire: Questionnaire, waves: readonly Wave[], now: Date): Promise<RoundBenchmark> {
  const closed = waves.filter((w) => waveState(w, now) === 'closed' && w.questionnaire_json !== null);
  const counts = await Promise.all(closed.map((w) => countWaveResponses(db, w.id)));
  const pool = closed
    // a test wave (Testronde) of the round is never pooled
    .filter((w, i) => counts[i]! > 0 && !w.is_test && comparableAspects(questionnaire, waveQuestionnaire(w)).size > 0)
    .sort((a, b) => a.house.localeCompare(b.house, 'nl'));
  const minCellSize = Math.max(0, ...pool.map((w) => w.min_cell_size));
  const base = { waves: waves.length, closed: closed.length, pooled: pool, minCellSize, houseCount: 0 };
  if (pool.length === 0) return { ...base, comparison: null, withheld: null };
  if (pool.length < MIN_BENCHMARK_HOUSES)
    return { ...base, comparison: null, withheld: `Er is pas één gesloten ronde met antwoorden: een benchmark bundelt ten minste ${MIN_BENCHMARK_HOUSES} huizen, anders zou hij de cijfers van dat ene huis zijn.` };
  const aspects = questionnaire.aspects.map((a) => ({ id: a.id, label: a.label }));
  const readable = readableIn(actor, pool);
  const comparison = poolBenchmark(aspects, await pooledInputs(db, questionnaire, pool, aspects.length, now), minCellSize, (key) => !readable(key));
  if (!actorSeesEveryHouse(actor)) comparison.waves = comparison.waves.map(withoutMeans);
  return { ...base, comparison, houseCount: comparison.waves.filter((w) => w.counted).length, withheld: null };
}

/** The most waves of one reader whose benchmarks are checked together; a reader with more gets no benchmark for the later ones. */
export const MAX_READER_WAVES = 24;

const WITHHELD_ACROSS_WAVES =
  'Het gemiddelde van de andere huizen is bij deze ronde niet getoond: samen met de vergelijking bij een andere ronde die u mag inzien zou het de cijfers van één ander huis verraden (bijvoorbeeld als de groep andere huizen van jaar tot jaar maar één huis verschilt).';

/**
 * The reader's waves whose benchmark is withheld because, with the benchmarks of their other waves
 * (each in its default period), it would give one unreadable wave's aspect sum (acrossWaves.ts). The
 * reader's waves are taken by opening, so the answer for a wave never depends on the page opened first.
 */
async function withheldAcrossWaves(db: Db, actor: { user: SessionUser }, current: WaveWithResponses, sameQuestionnaire: readonly WaveWithResponses[], now: Date): Promise<Set<string>> {
  const waves: Array<Wave & { responses?: number }> = (await resultsOverview(db, actor.user)).filter((w) => w.responses > 0);
  if (!waves.some((w) => w.id === current.id)) waves.push(current);
  waves.sort((a, b) => (a.opens_at === b.opens_at ? a.id.localeCompare(b.id) : a.opens_at.localeCompare(b.opens_at)));
  const checked = waves.slice(0, MAX_READER_WAVES);
  const summaries = await comparisonSummaries(db, checked, now);
  const published: PublishedBenchmark[] = [];
  for (const w of checked) {
    const summary = summaries.get(w.id)!;
    if (summary.aspects.length === 0) continue;
    const questionnaire = waveQuestionnaire(w);
    // the comparison page has listed the waves of the current wave's questionnaire already (and with it every other of the reader's waves of it)
    const listed = w.questionnaire_id === current.questionnaire_id ? othersThan(w, current, sameQuestionnaire) : await comparableWaves(db, w);
    const candidates = listed.filter((x) => comparableAspects(questionnaire, waveQuestionnaire(x)).size > 0);
    const { houseComparison, readable } = await benchmarkOf(db, w, questionnaire, summary, candidates, actor, defaultPeriod(w), now);
    if (houseComparison && readable) published.push(publishedOf(w.id, houseComparison.comparison, readable));
  }
  const withheld = withholdingOf(published);
  for (const w of waves.slice(MAX_READER_WAVES)) withheld.add(w.id);
  return withheld;
}

/**
 * What comparableWaves(db, w) gives for a wave `w` of the same questionnaire id as `current`, from
 * `listed` (comparableWaves(db, current)): every wave of that questionnaire with responses but `w`, in
 * the same order (the latest opening first, then the latest made).
 */
function othersThan(w: Wave, current: WaveWithResponses, listed: readonly WaveWithResponses[]): WaveWithResponses[] {
  if (w.id === current.id) return [...listed];
  const all = current.responses > 0 ? [...listed, current] : [...listed];
  return all.filter((x) => x.id !== w.id).sort((a, b) => descending(a.opens_at, b.opens_at) || descending(a.created_at, b.created_at));
}

/** Later ISO text first, compared as SQLite compares text (by code unit, as the repository orders them). */
const descending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/** benchmarksToWithhold() of recent sets of benchmarks, by their published rows (a pure function: the same rows give the same answer). */
const withholdings = new Map<string, ReadonlySet<string>>();
const MAX_WITHHOLDINGS = 64;

/**
 * benchmarksToWithhold(published), remembered: a reader's every comparison view checks their waves'
 * benchmarks together, and until a wave or its pool changes the rows are the same (the national-round
 * benchmark: 2.5 of the 15 ms of a house evaluator's comparison view).
 */
function withholdingOf(published: readonly PublishedBenchmark[]): Set<string> {
  const key = JSON.stringify(published);
  let withheld = withholdings.get(key);
  if (withheld) withholdings.delete(key);
  else withheld = benchmarksToWithhold(published);
  withholdings.set(key, withheld);
  for (const oldest of withholdings.keys()) {
    if (withholdings.size <= MAX_WITHHOLDINGS) break;
    withholdings.delete(oldest);
  }
  return new Set(withheld);
}

function withoutMeans(w: PooledWave): PooledWave {
  const strip = (c: HouseCell): HouseCell => ({ ...c, mean: null });
  return { ...w, aspects: Object.fromEntries(Object.entries(w.aspects).map(([k, c]) => [k, strip(c)])), overall: strip(w.overall) };
}
