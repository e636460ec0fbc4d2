/** Response rates of a wave (AAPOR RR1/RR2, dispositions, breakdowns, the daily curve), for the rates page, the results pages, the workbook and `wave rates`. */
import type { Db } from '../db/connection.js';
import type { Wave } from '../db/database.js';
import { sentRounds } from '../db/repositories/mailJobs.js';
import { ratePersons, rateSnapshot, responseDates, submissionCounts } from '../db/repositories/rates.js';
import { waveQuestionnaire } from '../db/repositories/waves.js';
import { waveRates, type WaveRates } from '../domain/fieldwork/responseRates.js';
import { dutchDay } from '../domain/format/nl.js';
import { completionRuleText } from '../domain/respondent/completion.js';

/**
 * The response rates of a wave as of `now` (the curve runs from the opening day to today or the
 * closing day); for a purged wave, whose list no longer holds the attributes, the snapshot taken then.
 */
export async function computeWaveRates(db: Db, wave: Wave, now: Date): Promise<WaveRates> {
  if (wave.purged_at !== null) {
    const snapshot = await rateSnapshot(db, wave.id);
    if (snapshot) return snapshot;
  }
  const anonymous = wave.anonymous === 1;
  const [persons, responses, rounds, counts] = await Promise.all([
    ratePersons(db, wave.id, !anonymous),
    responseDates(db, wave.id),
    sentRounds(db, wave.id),
    anonymous ? submissionCounts(db, wave.id) : null,
  ]);
  const end = Math.max(Date.parse(wave.opens_at), Math.min(now.getTime(), Date.parse(wave.closes_at) - 1));
  return waveRates({
    persons,
    submittedOn: responses.submittedOn,
    partialResponses: responses.partial,
    anonymousCounts: counts,
    completionRule: wave.questionnaire_json ? completionRuleText(waveQuestionnaire(wave)) : 'elke verstuurde vragenlijst telt als volledig ingevuld',
    rounds: rounds.map((r) => ({ kind: r.kind, round: r.round, date: dutchDay(r.first), sent: r.sent })),
    anonymous,
    minCellSize: wave.min_cell_size,
    from: dutchDay(wave.opens_at),
    to: dutchDay(new Date(end)),
  });
}
