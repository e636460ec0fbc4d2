/** Deleting a wave: what would go and whether it may (services/waves.ts deletability), then the deletion. */
import type { FastifyPluginAsync } from 'fastify';
import { waveStateLabel } from '../../../domain/fieldwork/waveState.js';
import { deletability, deleteWave, participantStatusCounts } from '../../../services/waves.js';
import { userContext } from '../../context.js';
import { pageData } from '../forms.js';
import { waveParam } from './shared.js';

const waveDeleteRoutes: FastifyPluginAsync = async (app) => {
  app.get('/waves/:id/verwijderen', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const check = await deletability(app.db, wave, app.now());
    const { total } = await participantStatusCounts(app.db, wave.id);
    return reply.viewAsync('pages/admin/wave-delete', pageData(request, `Ronde verwijderen: ${wave.title}`, 'waves', { wave, check, total, state: waveStateLabel(wave, app.now()) }));
  });

  app.post('/waves/:id/verwijderen', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    await deleteWave(userContext(request), wave);
    return reply.redirect('/admin/waves?verwijderd', 303);
  });
};

export default waveDeleteRoutes;
