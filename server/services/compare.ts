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
import { compareHouses, type HouseComparison } from '../domain/compare/houses.js';
import { summarize } from '../domain/compare/summary.js';
import { compareWaves, type WaveComparison } from '../domain/compare/waves.js';
import type { SummaryInput } from '../domain/analysis/tables/summary.js';
import { formatDutchDate } from '../domain/format/nl.js';
import { actorSeesEveryHouse, canActorReadResults } from './access.js';
import type { Actor } from './context.js';
import { loadResults, resultsOverview, resultsWave, type WaveResults } from './results.js';

export interface ComparisonChoice {
  /** The other wave; by default the latest earlier wave of the same house. */
  withId?: string;
  /** The waves of other houses; by default, per other house, the wave that opened closest to this one. */
  houseWaveIds?: ReadonlySet<string>;
}

export interface Comparison {
  current: WaveResults;
  /** Every other readable wave of the same questionnaire version with responses, latest first. */
  others: WaveWithResponses[];
  otherWave: WaveWithResponses | undefined;
  /** Null when either side has no aspects or there is no other wave. */
  waveComparison: WaveComparison | null;
  /** The readable comparable waves of other houses, and which of them take part. */
  otherHouses: WaveWithResponses[];
  chosenHouseWaves: ReadonlySet<string>;
  /** Null without aspects or without chosen house waves; cells below `minCellSize` (the largest of the waves') are suppressed. */
  houseComparison: { comparison: HouseComparison; minCellSize: number; houseCount: number } | null;
  /** The user sees the other houses only pooled (no per-house table, no choice of waves). */
  benchmarkOnly: boolean;
  /** Why there is no benchmark for a benchmark-only user, in Dutch; null otherwise. */
  benchmarkWithheld: string | null;
}

/** Other houses a benchmark-only view needs: with fewer, the pooled mean minus this house's own would be one house's mean. */
export const MIN_BENCHMARK_HOUSES = 2;

/** The waves `user` can start a comparison from: those with responses. */
export async function comparisonStarts(db: Db, user: SessionUser): Promise<WaveWithResponses[]> {
  return (await resultsOverview(db, user)).filter((w) => w.responses > 0);
}

/** The comparison of the wave `waveId` (404 when it cannot be read) as chosen. */
export async function compareWave(db: Db, user: SessionUser, waveId: string, choice: ComparisonChoice, now = new Date()): Promise<Comparison> {
  const wave = await resultsWave(db, user, waveId);
  const current = await loadResults(db, wave, { breakdowns: false, now });
  return comparisonOf(db, current, { user }, choice, now);
}

/**
 * What the summary of a wave's results compares with, by default: the same house's previous wave
 * and the pooled mean of the other houses' closest waves, among the waves `actor` may read. Nothing
 * without aspects.
 */
export async function summaryComparisons(db: Db, actor: Actor, current: WaveResults, now = new Date()): Promise<Omit<SummaryInput, 'report'>> {
  const none = { previous: null, houses: null, housesWithheld: null };
  if (current.report.scales.length === 0 || !canActorReadResults(actor, current.wave)) return none;
  const c = await comparisonOf(db, current, actor, {}, now);
  const period = (w: WaveWithResponses) => `${formatDutchDate(w.opens_at)} – ${formatDutchDate(w.closes_at)}`;
  return {
    previous: c.waveComparison && c.otherWave ? { label: `${c.otherWave.title} (${period(c.otherWave)})`, comparison: c.waveComparison } : null,
    houses: c.houseComparison ? { count: c.houseComparison.houseCount, comparison: c.houseComparison.comparison } : null,
    housesWithheld: c.benchmarkWithheld,
  };
}

/**
 * The comparison of a loaded wave, for `actor`: the previous wave among the waves they may read;
 * other houses one by one (as chosen) for who sees every house, otherwise only pooled into the
 * benchmark of every house's closest wave, withheld with fewer than MIN_BENCHMARK_HOUSES of them.
 */
async function comparisonOf(db: Db, current: WaveResults, actor: Actor, choice: ComparisonChoice, now: Date): Promise<Comparison> {
  const { wave } = current;
  const comparable = await comparableWaves(db, wave);
  const others = comparable.filter((w) => canActorReadResults(actor, w));
  const hasAspects = current.report.scales.length > 0;
  const benchmarkOnly = !actorSeesEveryHouse(actor);

  const sameHouse = others.filter((w) => w.house_id === wave.house_id && w.opens_at < wave.opens_at);
  const otherWave = others.find((w) => w.id === (choice.withId ?? sameHouse[0]?.id ?? ''));
  let waveComparison: WaveComparison | null = null;
  if (hasAspects && otherWave) {
    const other = await loadResults(db, otherWave, { breakdowns: false, now });
    waveComparison = compareWaves(summarize(current.report), summarize(other.report));
  }

  // a benchmark-only user gets the default benchmark of every house, chosen here, not by them
  const otherHouses = (benchmarkOnly ? comparable : others).filter((w) => w.house_id !== wave.house_id);
  const chosenHouseWaves = (!benchmarkOnly && choice.houseWaveIds) || defaultHouseWaves(wave, otherHouses);
  const houseWaves = otherHouses
    .filter((w) => chosenHouseWaves.has(w.id))
    .sort((a, b) => a.house.localeCompare(b.house, 'nl') || b.opens_at.localeCompare(a.opens_at));
  const benchmarkWithheld =
    benchmarkOnly && hasAspects && houseWaves.length > 0 && houseWaves.length < MIN_BENCHMARK_HOUSES
      ? `Er ${houseWaves.length === 1 ? 'is maar één ander huis' : 'zijn te weinig andere huizen'} met deze vragenlijstversie: met minder dan ${MIN_BENCHMARK_HOUSES} andere huizen zou het gemiddelde van alle huizen de cijfers van een ander huis verraden.`
      : null;
  let houseComparison: Comparison['houseComparison'] = null;
  if (hasAspects && houseWaves.length > 0 && !benchmarkWithheld) {
    const loaded = await Promise.all(houseWaves.map((w) => loadResults(db, w, { breakdowns: false, now })));
    const minCellSize = Math.max(wave.min_cell_size, ...houseWaves.map((w) => w.min_cell_size));
    const comparison = compareHouses(
      { key: wave.id, house: wave.house, wave: wave.title, summary: summarize(current.report) },
      loaded.map((l) => ({ key: l.wave.id, house: l.wave.house, wave: l.wave.title, summary: summarize(l.report) })),
      minCellSize,
    );
    // benchmark only: this house's own row, never another house's
    if (benchmarkOnly) comparison.table = comparison.table.filter((row) => row.current);
    houseComparison = { comparison, minCellSize, houseCount: houseWaves.length + 1 };
  }
  return {
    current,
    others,
    otherWave,
    waveComparison,
    otherHouses: benchmarkOnly ? [] : otherHouses,
    chosenHouseWaves: benchmarkOnly ? new Set() : chosenHouseWaves,
    houseComparison,
    benchmarkOnly,
    benchmarkWithheld,
  };
}

/** Per other house, the wave whose opening lies closest to this wave's: the default "all houses" of the same period. */
function defaultHouseWaves(wave: Wave, others: WaveWithResponses[]): Set<string> {
  const best = new Map<number, WaveWithResponses>();
  const distance = (w: WaveWithResponses) => Math.abs(Date.parse(w.opens_at) - Date.parse(wave.opens_at));
  for (const w of others) {
    const seen = best.get(w.house_id);
    if (!seen || distance(w) < distance(seen)) best.set(w.house_id, w);
  }
  return new Set([...best.values()].map((w) => w.id));
}
