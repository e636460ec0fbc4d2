/**
 * What the results pages show of a wave: the wave (when the user may read its results), its stored
 * responses analysed with the wave's own minimum cell size, and the list of waves with results.
 * "Load the responses, then analyse" is done here once, for the pages, the comparisons and the
 * workbook download.
 *
 * The report of a closed wave is cached: its responses no longer change, so a second view costs no
 * analysis. What is cached is the computed report (never a rendered page, which depends on the user),
 * per database, per wave and per option that changes the report (breakdowns or not, withheld data
 * left out or not, the wave's minimum cell size and anonymity); who may see it is decided before the
 * cache is consulted (resultsWave), so a cached report never reaches a user who may not read the wave.
 * At most MAX_CACHED_REPORTS reports are kept, the least recently used going first. An entry is
 * dropped, or never used:
 * - by `invalidateWaveResults(waveId)`, which every change to a closed wave's data calls (a purge, a
 *   change of the wave's settings, and any later redaction or coding of open answers);
 * - when the wave's number of responses differs from the cached report's (one index count per view);
 * - when another process has written to the database since (SQLite's data_version: a purge or any
 *   other command run from the command line against the server's file), which drops every entry;
 * - inside a transaction (whose uncommitted writes must not be cached), and for waves still open.
 */
import type { Db } from '../db/connection.js';
import type { SessionUser, Wave } from '../db/database.js';
import { wavesWithResponseCounts, type WaveWithResponses } from '../db/repositories/compare.js';
import { countWaveResponses, dataVersion, loadWaveResponses, type WaveResponses } from '../db/repositories/results.js';
import { findWave, waveQuestionnaire } from '../db/repositories/waves.js';
import { analyze } from '../domain/analysis/report.js';
import type { Report } from '../domain/analysis/types.js';
import { rawDataWithheld } from '../domain/exports/codebook.js';
import { waveState } from '../domain/fieldwork/waveState.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { waveNotFound } from '../errors.js';
import { canReadResults } from './access.js';

export interface WaveResults {
  wave: Wave;
  questionnaire: Questionnaire;
  report: Report;
  /** Stored responses of the wave (also when the report analysed none because they are withheld). */
  responses: number;
  /** Set when the raw data are withheld: an anonymous wave with fewer responses than its minimum cell size. */
  withheld: { responses: number; minCellSize: number } | null;
}

export interface LoadResultsOptions {
  /** false: no breakdowns (the comparisons). */
  breakdowns?: boolean;
  /** Analyse no responses at all when the raw data are withheld (the workbook of a tiny anonymous wave has no tables either). */
  emptyWhenWithheld?: boolean;
  /** The wave's responses when the caller has loaded them already (the workbook writes them too). */
  data?: WaveResponses;
  /** The moment that decides whether the wave is closed (default: the clock). */
  now?: Date;
}

/** Reports kept per database; a Stappenmeter report of any size takes some 100-200 kB. */
export const MAX_CACHED_REPORTS = 32;

type CachedReport = Pick<WaveResults, 'report' | 'responses' | 'withheld'>;

/** Reports of closed waves, least recently used first (a Map keeps insertion order). */
class ReportCache {
  /** data_version when the entries were made; another process's write changes it. */
  version: number | null = null;
  readonly entries = new Map<string, CachedReport>();

  get(key: string): CachedReport | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedReport): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_CACHED_REPORTS) break;
      this.entries.delete(oldest);
    }
  }

  dropWave(waveId: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${waveId}\0`)) this.entries.delete(key);
  }
}

const caches = new WeakMap<Db, ReportCache>();
/** Counts invalidations: a report computed while one happened may rest on the data before it and is not kept. */
let invalidations = 0;
/** Every cache still alive, so that an invalidation reaches each app's (tests build many apps in one process). */
const liveCaches = new Set<WeakRef<ReportCache>>();

function cacheOf(db: Db): ReportCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ReportCache();
    caches.set(db, cache);
    liveCaches.add(new WeakRef(cache));
  }
  return cache;
}

/**
 * Forget the cached reports of a wave. Call it after every committed change to a wave's responses,
 * answers or the settings its report depends on (purge, settings, redaction, coding of open answers).
 */
export function invalidateWaveResults(waveId: string): void {
  invalidations += 1;
  for (const ref of liveCaches) {
    const cache = ref.deref();
    if (cache) cache.dropWave(waveId);
    else liveCaches.delete(ref);
  }
}

/** The number of reports cached for this database (for tests). */
export function cachedReportCount(db: Db): number {
  return caches.get(db)?.entries.size ?? 0;
}

/** The wave with this id when it has a questionnaire and `user` may read its results; 404 otherwise (as if it did not exist). */
export async function resultsWave(db: Db, user: SessionUser, waveId: string): Promise<Wave> {
  const wave = await findWave(db, waveId);
  if (!wave || !wave.questionnaire_json || !canReadResults(user, wave)) throw waveNotFound();
  return wave;
}

/**
 * The analysis of a wave's stored responses with the wave's own minimum cell size: the same call the
 * CSV read back by `analyze` reproduces. `breakdowns: false` skips the breakdowns (for comparisons);
 * `emptyWhenWithheld` analyses no responses at all when the raw data are withheld (the workbook of a
 * tiny anonymous wave has no tables either).
 */
export async function loadResults(db: Db, wave: Wave, options: LoadResultsOptions = {}): Promise<WaveResults> {
  const questionnaire = waveQuestionnaire(wave);
  const cacheable = !db.isTransaction && waveState(wave, options.now ?? new Date()) === 'closed';
  if (!cacheable) return { wave, questionnaire, ...analyzeWave(wave, questionnaire, options.data ?? (await loadWaveResponses(db, wave.id)), options) };

  const cache = cacheOf(db);
  const generation = invalidations;
  const version = await dataVersion(db);
  if (cache.version !== version) {
    cache.entries.clear();
    cache.version = version;
  }
  const key = [wave.id, options.breakdowns !== false, options.emptyWhenWithheld === true, wave.min_cell_size, wave.anonymous, wave.closes_at].join('\0');
  const cached = cache.get(key);
  const responses = options.data?.responses.length ?? (await countWaveResponses(db, wave.id));
  if (cached && cached.responses === responses) return { wave, questionnaire, ...cached };
  const fresh = analyzeWave(wave, questionnaire, options.data ?? (await loadWaveResponses(db, wave.id)), options);
  if (generation === invalidations) cache.set(key, fresh);
  return { wave, questionnaire, ...fresh };
}

function analyzeWave(wave: Wave, questionnaire: Questionnaire, data: WaveResponses, options: LoadResultsOptions): CachedReport {
  const withheld = rawDataWithheld({ anonymous: wave.anonymous === 1, minCellSize: wave.min_cell_size }, data.responses.length);
  const report = analyze(questionnaire, withheld && options.emptyWhenWithheld ? [] : data.responses, {
    minCellSize: wave.min_cell_size,
    ...(options.breakdowns === false ? { by: [] } : {}),
  });
  return { report, responses: data.responses.length, withheld };
}

/** The waves `user` may read results of, each with its number of responses and its questionnaire's title; the latest opening first. */
export async function resultsOverview(db: Db, user: SessionUser): Promise<Array<WaveWithResponses & { questionnaireTitle: string }>> {
  return (await wavesWithResponseCounts(db))
    .filter((w) => canReadResults(user, w))
    .map((w) => ({ ...w, questionnaireTitle: w.questionnaire_json ? waveQuestionnaire(w).title : w.questionnaire_id }));
}
