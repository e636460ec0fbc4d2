/**
 * Response rates of a wave: dispositions, RR1 and RR2 with their formulas, the non-response
 * breakdown by list attribute (small cells suppressed in anonymous waves) and the cumulative
 * response curve with the mail rounds marked. Researchers and evaluators.
 */
import type { FastifyPluginAsync } from 'fastify';
import { can, canReadResults } from '../../services/access.js';
import { computeWaveRates } from '../../services/rates.js';
import { omittedBreakdownsNote } from '../../domain/fieldwork/responseRates.js';
import { formatDutchDate, formatFraction } from '../../domain/format/nl.js';
import { dispositionLabels } from '../../domain/fieldwork/dispositions.js';
import { waveStateLabel } from '../../domain/fieldwork/waveState.js';
import { waveNotFound } from '../../errors.js';
import { pageData } from './forms.js';
import { presentRates } from './results/present.js';
import { waveParam } from './waves/shared.js';

const rateRoutes: FastifyPluginAsync = async (app) => {

  app.get('/waves/:id/rates', { config: { access: 'readWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    if (!canReadResults(request.user!, wave)) throw waveNotFound();
    const rates = await computeWaveRates(app.db, wave, app.now());
    const researcher = can(request.user!, 'manageWaves', wave.house_id);
    return reply.viewAsync(
      'pages/admin/rates/index',
      pageData(request, `Respons: ${wave.title}`, researcher ? 'waves' : 'results', {
        wave,
        state: waveStateLabel(wave, app.now()),
        rates,
        omitted: omittedBreakdownsNote(rates.omittedBreakdowns),
        meanings: Object.fromEntries(Object.entries(dispositionLabels).map(([d, l]) => [d, l.meaning])),
        pct: formatFraction,
        // the same chart as on the results pages (server/domain/charts)
        curve: presentRates(rates, 'respons').curve,
        roundLabel: (kind: string, round: number) => (kind === 'invitation' ? 'Uitnodiging' : `Herinnering ${round}`),
        dateLabel: (day: string) => formatDutchDate(`${day}T12:00:00Z`),
        researcher,
      }),
    );
  });
};

export default rateRoutes;
