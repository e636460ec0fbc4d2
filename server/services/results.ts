/**
 * What the results pages show of a wave: the wave (when the user may read its results), its stored
 * responses analysed with the wave's own minimum cell size, its open answers as readers get them, and
 * the list of waves with results. "Load the responses, then analyse" is done here once, for the
 * pages, the comparisons and the downloads; so is the rule for respondent-level data (raw data and
 * open answers alike: respondentDataWithheld) and the application of researchers' redactions
 * (readerResponses), so no page or file shows an answer the researcher hid.
 */
import type { Db } from '../db/connection.js';
import type { SessionUser, Wave } from '../db/database.js';
import { wavesWithResponseCounts, type WaveWithResponses } from '../db/repositories/compare.js';
import { loadWaveResponses, type WaveResponses } from '../db/repositories/results.js';
import { findWave, waveQuestionnaire } from '../db/repositories/waves.js';
import { openAnswerCategories, openAnswerEdits } from '../db/repositories/openAnswers.js';
import { analyze } from '../domain/analysis/report.js';
import type { Report } from '../domain/analysis/types.js';
import { rawWithholding, type RawWithholding } from '../domain/exports/codebook.js';
import { waveState } from '../domain/fieldwork/waveState.js';
import { collectOpenAnswers, readerView, redactedValues, type AnswerEdit, type OpenItemAnswers } from '../domain/openAnswers/collect.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { formatCount } from '../domain/format/nl.js';
import { completionRuleText } from '../domain/respondent/completion.js';
import { waveNotFound } from '../errors.js';
import { canReadResults, housesFor } from './access.js';

/** Why a wave's respondent-level data are withheld: an anonymous wave still open (`closesAt`), or too few responses. */
export type Withheld = RawWithholding;

export interface WaveResults {
  wave: Wave;
  questionnaire: Questionnaire;
  /** The responses as readers get them: redactions applied, hidden answers empty. */
  data: WaveResponses;
  report: Report;
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

/** The wave's stored responses as every page and download gets them: researchers' redactions applied, hidden answers empty. */
export async function readerResponses(db: Db, wave: Wave): Promise<{ stored: WaveResponses; data: WaveResponses; edits: AnswerEdit[] }> {
  const [stored, edits] = await Promise.all([loadWaveResponses(db, wave.id), openAnswerEdits(db, wave.id)]);
  return { stored, data: { ...stored, responses: redactedValues(stored, edits) }, edits };
}

/** The questionnaire a wave was measured with (its snapshot). */
export function questionnaireOf(wave: Wave): Questionnaire {
  return waveQuestionnaire(wave);
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
export async function loadResults(
  db: Db,
  wave: Wave,
  options: { breakdowns?: boolean; emptyWhenWithheld?: boolean; openAnswers?: boolean; now?: Date } = {},
): Promise<WaveResults> {
  const questionnaire = waveQuestionnaire(wave);
  const { stored, data, edits } = await readerResponses(db, wave);
  const withheld = respondentDataWithheld(wave, data.responses.length, options.now);
  const analysed = tablesWithheld(withheld) && options.emptyWhenWithheld ? [] : data.responses;
  const report = analyze(questionnaire, analysed, {
    minCellSize: wave.min_cell_size,
    ...(options.breakdowns === false ? { by: [] } : {}),
  });
  if (analysed.length > 0 && data.partial > 0) report.notes.push(partialNote(questionnaire, data.partial, data.responses.length));
  let openAnswers: OpenItemAnswers[] | null = null;
  if (options.openAnswers && !withheld) openAnswers = readerView(collectOpenAnswers(questionnaire, stored, edits, await openAnswerCategories(db, wave.id)));
  return { wave, questionnaire, data, report, withheld, openAnswers };
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
