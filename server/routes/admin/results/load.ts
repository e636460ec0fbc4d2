/** Loading what the results pages show of a wave: its questionnaire snapshot, stored responses, report and rates. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Wave } from '../../../db/database.js';
import { computeWaveRates } from '../../../db/repositories/rates.js';
import { loadWaveResponses, type WaveResponses } from '../../../db/repositories/results.js';
import { findWave, waveQuestionnaire } from '../../../db/repositories/waves.js';
import { analyze } from '../../../domain/analysis/report.js';
import type { Report } from '../../../domain/analysis/types.js';
import type { WaveRates } from '../../../domain/fieldwork/responseRates.js';
import type { Questionnaire } from '../../../domain/questionnaire/normalize.js';
import { notFound } from '../../../errors.js';

export interface WaveResults {
  wave: Wave;
  questionnaire: Questionnaire;
  data: WaveResponses;
  report: Report;
}

/** The wave of the :waveId parameter, or 404. */
export async function resultsWave(request: FastifyRequest): Promise<Wave> {
  const { waveId } = request.params as { waveId: string };
  const wave = await findWave(request.server.db, waveId);
  if (!wave || !wave.questionnaire_json) throw notFound('Deze veldwerkronde bestaat niet.');
  return wave;
}

/**
 * The analysis of a wave's stored responses with the wave's own minimum cell size: the same call the
 * CSV read back by `analyze` reproduces. `by: []` skips the breakdowns (for comparisons).
 */
export async function loadResults(app: FastifyInstance, wave: Wave, options: { breakdowns?: boolean } = {}): Promise<WaveResults> {
  const questionnaire = waveQuestionnaire(wave);
  const data = await loadWaveResponses(app.db, wave.id);
  const report = analyze(questionnaire, data.responses, {
    minCellSize: wave.min_cell_size,
    ...(options.breakdowns === false ? { by: [] } : {}),
  });
  return { wave, questionnaire, data, report };
}

/** The response rates of a wave as of the app's clock. */
export async function loadRates(app: FastifyInstance, wave: Wave): Promise<WaveRates> {
  return computeWaveRates(app.db, wave, app.now());
}
