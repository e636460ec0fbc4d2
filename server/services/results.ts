/**
 * What the results pages show of a wave: the wave (when the user may read its results), its stored
 * responses analysed with the wave's own minimum cell size, and the list of waves with results.
 * "Load the responses, then analyse" is done here once, for the pages, the comparisons and the
 * workbook download.
 */
import type { Db } from '../db/connection.js';
import type { SessionUser, Wave } from '../db/database.js';
import { wavesWithResponseCounts, type WaveWithResponses } from '../db/repositories/compare.js';
import { loadWaveResponses, type WaveResponses } from '../db/repositories/results.js';
import { findWave, waveQuestionnaire } from '../db/repositories/waves.js';
import { analyze } from '../domain/analysis/report.js';
import type { Report } from '../domain/analysis/types.js';
import { rawDataWithheld } from '../domain/exports/codebook.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { formatCount } from '../domain/format/nl.js';
import { completionRuleText } from '../domain/respondent/completion.js';
import { waveNotFound } from '../errors.js';
import { canReadResults } from './access.js';

export interface WaveResults {
  wave: Wave;
  questionnaire: Questionnaire;
  data: WaveResponses;
  report: Report;
  /** Set when the raw data are withheld: an anonymous wave with fewer responses than its minimum cell size. */
  withheld: { responses: number; minCellSize: number } | null;
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
export async function loadResults(db: Db, wave: Wave, options: { breakdowns?: boolean; emptyWhenWithheld?: boolean } = {}): Promise<WaveResults> {
  const questionnaire = waveQuestionnaire(wave);
  const data = await loadWaveResponses(db, wave.id);
  const withheld = rawDataWithheld({ anonymous: wave.anonymous === 1, minCellSize: wave.min_cell_size }, data.responses.length);
  const analysed = withheld && options.emptyWhenWithheld ? [] : data.responses;
  const report = analyze(questionnaire, analysed, {
    minCellSize: wave.min_cell_size,
    ...(options.breakdowns === false ? { by: [] } : {}),
  });
  if (analysed.length > 0 && data.partial > 0) report.notes.push(partialNote(questionnaire, data.partial, data.responses.length));
  return { wave, questionnaire, data, report, withheld };
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
  return (await wavesWithResponseCounts(db))
    .filter((w) => canReadResults(user, w))
    .map((w) => ({ ...w, questionnaireTitle: w.questionnaire_json ? waveQuestionnaire(w).title : w.questionnaire_id }));
}
