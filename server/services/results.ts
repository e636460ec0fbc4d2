/**
 * What the results pages show of a wave: the wave (when the user may read its results), its stored
 * responses analysed with the wave's own minimum cell size, its open answers as readers get them, and
 * the list of waves with results. "Load the responses, then analyse" is done here once, for the
 * pages, the comparisons and the downloads; so is the rule for respondent-level data (raw data and
 * open answers alike: respondentDataWithheld) and the application of researchers' redactions
 * (readerResponses), so no page or file shows an answer the researcher hid.
 *
 * The report, the open answers and the response rates of a closed wave are cached: its responses no
 * longer change, so a second view costs no analysis. What is cached is what every reader of the wave
 * gets alike (the report, the open answers in the reader view, the rates), never a page or anything
 * that depends on the user (the comparisons and the summary's benchmark are made per request from
 * these per-wave values, among the waves that user may read), per database, per wave and per option
 * that changes the value (breakdowns or not, withheld data left out or not, open answers or not, the
 * wave's minimum cell size, anonymity and closing date); who may see a wave is decided before the
 * cache is consulted (resultsWave), so a cached report never reaches a user who may not read the wave.
 * At most MAX_CACHED_REPORTS values are kept, the least recently used going first. An entry is
 * dropped, or never used:
 * - by `invalidateWaveResults(waveId)`, which every change to a wave's data calls: the audit writer
 *   calls it for each entry naming a wave (a purge, the wave's settings, its participants, an
 *   opt-out, and every hiding, redaction, restoring and coding of an open answer and every change of
 *   its categories: services/openAnswers.ts audits each in its transaction);
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
import { openAnswerCategories, openAnswerEdits } from '../db/repositories/openAnswers.js';
import { analyze } from '../domain/analysis/report.js';
import { summarize, type ReportSummary } from '../domain/compare/summary.js';
import type { Report } from '../domain/analysis/types.js';
import { rawWithholding, type RawWithholding } from '../domain/exports/codebook.js';
import type { WaveRates } from '../domain/fieldwork/responseRates.js';
import { waveState } from '../domain/fieldwork/waveState.js';
import { collectOpenAnswers, readerView, redactedValues, type AnswerEdit, type OpenItemAnswers } from '../domain/openAnswers/collect.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { formatCount } from '../domain/format/nl.js';
import { completionRuleText } from '../domain/respondent/completion.js';
import { waveNotFound } from '../errors.js';
import { canReadResults, housesFor } from './access.js';
import { computeWaveRates } from './rates.js';

/** Why a wave's respondent-level data are withheld: an anonymous wave still open (`closesAt`), or too few responses. */
export type Withheld = RawWithholding;

export interface WaveResults {
  wave: Wave;
  questionnaire: Questionnaire;
  report: Report;
  /** Stored responses of the wave (also when the report analysed none because they are withheld). */
  responses: number;
  /** Set when the respondent-level data (raw data, open answers) are withheld: see respondentDataWithheld. */
  withheld: Withheld | null;
  /** The open answers in the reader view (hidden ones without text); null when withheld or not asked for. */
  openAnswers: OpenItemAnswers[] | null;
}

/**
 * The one rule for a wave's respondent-level data — the raw data downloads and the open answers
 * alike: in an anonymous wave withheld until it has closed at `now` (while it runs, the row or the
 * answer that appears when someone finishes could be matched to that person), and then when it has
 * fewer responses than its minimum cell size (every answer nearly identifiable). Without `now` an
 * anonymous wave counts as still open. Returns why, or null when they may be shown.
 */
export function respondentDataWithheld(wave: Wave, responses: number, now?: Date): Withheld | null {
  const closed = now !== undefined && waveState(wave, now) === 'closed';
  return rawWithholding({ anonymous: wave.anonymous === 1, closed, closesAt: wave.closes_at, minCellSize: wave.min_cell_size }, responses);
}

/** Whether the withholding also hides the tables (too few responses), not only the respondent-level data. */
export function tablesWithheld(withheld: Withheld | null): withheld is { responses: number; minCellSize: number } {
  return withheld !== null && 'responses' in withheld;
}

/** The responses as readers get them (researchers' redactions applied, hidden answers empty), beside the stored ones and the edits. */
export interface ReaderResponses {
  stored: WaveResponses;
  data: WaveResponses;
  edits: AnswerEdit[];
}

/** The wave's stored responses as every page and download gets them: researchers' redactions applied, hidden answers empty. */
export async function readerResponses(db: Db, wave: Wave): Promise<ReaderResponses> {
  const [stored, edits] = await Promise.all([loadWaveResponses(db, wave.id), openAnswerEdits(db, wave.id)]);
  return { stored, data: { ...stored, responses: redactedValues(stored, edits) }, edits };
}

/** The questionnaire a wave was measured with (its snapshot). */
export function questionnaireOf(wave: Wave): Questionnaire {
  return waveQuestionnaire(wave);
}

export interface LoadResultsOptions {
  /** false: no breakdowns (the comparisons). */
  breakdowns?: boolean;
  /** Analyse no responses at all when the raw data are withheld (the workbook of a tiny anonymous wave has no tables either). */
  emptyWhenWithheld?: boolean;
  /** Add the open answers in the reader view (the results page, the printed report, the workbook). */
  openAnswers?: boolean;
  /** The wave's responses when the caller has loaded them already (the workbook writes them too). */
  reader?: ReaderResponses;
  /** The moment that decides whether the wave is closed (default: the clock). */
  now?: Date;
}

/**
 * Entries kept per database. A national round's comparison needs every house's closest wave at once
 * (33 houses: 34 waves with the house's previous wave), and a house reader's across-waves check the
 * pools of their other waves too (some 100 waves): with fewer entries than a comparison needs, every
 * view analyses again what the last one dropped (the national-round benchmark found 32 too few). The
 * comparisons keep each wave's summary (comparisonSummaries: a few hundred bytes); the results pages
 * keep reports, some 170 kB of heap each (75 kB as JSON) whatever the number of responses, so the
 * cache holds at most about 45 MB.
 */
export const MAX_CACHED_REPORTS = 256;

type CachedReport = Pick<WaveResults, 'report' | 'responses' | 'withheld' | 'openAnswers'>;

/** A cached value with the number of responses it was computed from. */
interface Entry {
  responses: number;
  value: unknown;
}

/** Reports and rates of closed waves, least recently used first (a Map keeps insertion order). */
class ClosedWaveCache {
  /** data_version when the entries were made; another process's write changes it. */
  version: number | null = null;
  readonly entries = new Map<string, Entry>();

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
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

const caches = new WeakMap<Db, ClosedWaveCache>();
/** Counts invalidations: a value computed while one happened may rest on the data before it and is not kept. */
let invalidations = 0;
/** Every cache still alive, so that an invalidation reaches each app's (tests build many apps in one process). */
const liveCaches = new Set<WeakRef<ClosedWaveCache>>();

function cacheOf(db: Db): ClosedWaveCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new ClosedWaveCache();
    caches.set(db, cache);
    liveCaches.add(new WeakRef(cache));
  }
  return cache;
}

/**
 * Forget the cached report and rates of a wave. audit() calls it for every audited change that names
 * a wave (purge, settings, participants, opt-outs, and so any later redaction or coding of open
 * answers, which must be audited too); a change that is not audited calls it itself (a bounce in a
 * mail pass).
 */
export function invalidateWaveResults(waveId: string): void {
  invalidations += 1;
  for (const ref of liveCaches) {
    const cache = ref.deref();
    if (cache) cache.dropWave(waveId);
    else liveCaches.delete(ref);
  }
}

/** The number of reports and rates cached for this database (for tests). */
export function cachedReportCount(db: Db): number {
  return caches.get(db)?.entries.size ?? 0;
}

/**
 * The closed-wave cache of `db` as of now: every entry dropped first when another process has written
 * to the database since the entries were made (data_version, read once here). A caller that looks up
 * many waves in one go (a comparison's pool) takes the cache once and reads no version per wave.
 */
async function currentCache(db: Db): Promise<ClosedWaveCache> {
  const cache = cacheOf(db);
  const version = await dataVersion(db);
  if (cache.version !== version) {
    cache.entries.clear();
    cache.version = version;
  }
  return cache;
}

/**
 * `compute()` for a closed wave, from the cache when an entry for this wave and `variant` was made
 * from as many responses as the wave has now (`responses`, when the caller knows it); computed (and
 * kept) otherwise. Open waves and transactions always compute. `cache`: as currentCache() gave it
 * for this call (read afresh when not given).
 */
async function closedWaveValue<T>(db: Db, wave: Wave, now: Date, variant: unknown[], responses: number | undefined, compute: () => Promise<T>, cache?: ClosedWaveCache): Promise<T> {
  if (db.isTransaction || waveState(wave, now) !== 'closed') return compute();
  const generation = invalidations;
  const entries = cache ?? (await currentCache(db));
  const key = [wave.id, ...variant].join('\0');
  const cached = entries.get(key);
  const count = responses ?? (await countWaveResponses(db, wave.id));
  if (cached && cached.responses === count) return cached.value as T;
  const value = await compute();
  if (generation === invalidations) entries.set(key, { responses: count, value });
  return value;
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
 * `emptyWhenWithheld` analyses no responses at all when there are too few of them (the workbook of a
 * tiny anonymous wave has no tables either); `openAnswers` adds the open answers in the reader view;
 * `now` decides whether an anonymous wave has closed (see respondentDataWithheld).
 */
export async function loadResults(db: Db, wave: Wave, options: LoadResultsOptions = {}): Promise<WaveResults> {
  const questionnaire = waveQuestionnaire(wave);
  const now = options.now ?? new Date();
  const variant = ['report', options.breakdowns !== false, options.emptyWhenWithheld === true, options.openAnswers === true, wave.min_cell_size, wave.anonymous, wave.closes_at];
  const analysed = await closedWaveValue(db, wave, now, variant, options.reader?.stored.responses.length, async () =>
    analyzeWave(db, wave, questionnaire, options.reader ?? (await readerResponses(db, wave)), { ...options, now }),
  );
  return { wave, questionnaire, ...analysed };
}

/**
 * What the comparisons take of each of `waves` (the benchmark's pool, the trend's waves, the reader's
 * waves checked together): the per-aspect summary of its report without breakdowns, the same numbers
 * loadResults({ breakdowns: false }) gives. A closed wave's summary is cached instead of its report (a
 * few hundred bytes instead of some 170 kB), and the waves are analysed one at a time, so a national
 * round's comparison (33 houses, and the reader's other waves with their pools: some 100 waves) never
 * holds more than one wave's responses and report at once. `responses`: each wave's number of stored
 * responses when the caller has it from the wave list (no count per wave then).
 */
export async function comparisonSummaries(db: Db, waves: ReadonlyArray<Wave & { responses?: number }>, now: Date): Promise<Map<string, ReportSummary>> {
  const cache = db.isTransaction ? undefined : await currentCache(db);
  const summaries = new Map<string, ReportSummary>();
  for (const wave of waves) {
    if (summaries.has(wave.id)) continue;
    const variant = ['summary', wave.min_cell_size, wave.anonymous, wave.closes_at];
    const summary = await closedWaveValue(
      db,
      wave,
      now,
      variant,
      wave.responses,
      async () => summarize((await analyzeWave(db, wave, waveQuestionnaire(wave), await readerResponses(db, wave), { breakdowns: false, now })).report),
      cache,
    );
    summaries.set(wave.id, summary);
  }
  return summaries;
}

/** The summary of one wave as comparisonSummaries gives it. */
export async function comparisonSummary(db: Db, wave: Wave & { responses?: number }, now: Date): Promise<ReportSummary> {
  return (await comparisonSummaries(db, [wave], now)).get(wave.id)!;
}

/**
 * The response rates of a wave as the results page shows them; cached like the report once the wave
 * has closed (its list changes only through audited use cases, which drop the entry).
 */
export async function resultsRates(db: Db, wave: Wave, now: Date): Promise<WaveRates> {
  return closedWaveValue(db, wave, now, ['rates', wave.min_cell_size, wave.anonymous, wave.closes_at, wave.purged_at], undefined, () => computeWaveRates(db, wave, now));
}

async function analyzeWave(db: Db, wave: Wave, questionnaire: Questionnaire, reader: ReaderResponses, options: LoadResultsOptions): Promise<CachedReport> {
  const { stored, data, edits } = reader;
  const withheld = respondentDataWithheld(wave, data.responses.length, options.now);
  const analysed = tablesWithheld(withheld) && options.emptyWhenWithheld ? [] : data.responses;
  const report = analyze(questionnaire, analysed, {
    minCellSize: wave.min_cell_size,
    ...(options.breakdowns === false ? { by: [] } : {}),
  });
  if (analysed.length > 0 && data.partial > 0) report.notes.push(partialNote(questionnaire, data.partial, data.responses.length));
  let openAnswers: OpenItemAnswers[] | null = null;
  if (options.openAnswers && !withheld) openAnswers = readerView(collectOpenAnswers(questionnaire, stored, edits, await openAnswerCategories(db, wave.id)));
  return { report, responses: data.responses.length, withheld, openAnswers };
}

/**
 * Partial responses are analysed with the others (an item answered is an item answered; an aspect
 * score still needs its minimum of items, alpha its complete rows), and said so.
 */
function partialNote(questionnaire: Questionnaire, partial: number, total: number): string {
  return (
    `Gedeeltelijk ingevuld: ${formatCount(partial)} van de ${formatCount(total)} responses (${completionRuleText(questionnaire)}). ` +
    'Ze tellen mee in de itemstatistieken en frequentietabellen, en in een aspectscore alleen waar genoeg uitspraken van het aspect zijn beantwoord; ' +
    'de betrouwbaarheid gebruikt alleen responses met alle uitspraken van het aspect.'
  );
}

/** The waves `user` may read results of, each with its number of responses and its questionnaire's title; the latest opening first. */
export async function resultsOverview(db: Db, user: SessionUser): Promise<Array<WaveWithResponses & { questionnaireTitle: string }>> {
  return (await wavesWithResponseCounts(db, housesFor(user, 'readResults'))).map((w) => ({ ...w, questionnaireTitle: w.questionnaire_json ? waveQuestionnaire(w).title : w.questionnaire_id }));
}
