/**
 * Sending a wave: the test mail to the researcher (the invitation and the first reminder, storing
 * nothing in the wave), and the launch of a concept after its checklist.
 */
import type { FastifyPluginAsync } from 'fastify';
import { waveState } from '../../../domain/fieldwork/waveState.js';
import { checklistOf, launchWave } from '../../../services/launch.js';
import { sendTestMail } from '../../../services/testMail.js';
import { userContext } from '../../context.js';
import { pageData } from '../forms.js';
import { firstSendingText, renderDetail } from './detail.js';
import { waveParam } from './shared.js';

const waveLaunchRoutes: FastifyPluginAsync = async (app) => {
  app.get('/waves/:id/versturen', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const state = waveState(wave, app.now());
    if (state !== 'concept') return reply.redirect(`/admin/waves/${wave.id}`, 303);
    const checklist = await checklistOf(app.db, wave, app.now());
    return reply.viewAsync(
      'pages/admin/wave-launch',
      pageData(request, `Uitnodigingen versturen: ${wave.title}`, 'waves', { wave, checklist, firstSending: firstSendingText(checklist.plan, app.config.mailIntervalSeconds) }),
    );
  });

  app.post('/waves/:id/versturen', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    await launchWave(userContext(request), wave);
    return reply.redirect(`/admin/waves/${wave.id}?verstuurd`, 303);
  });

  app.post('/waves/:id/test', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const result = await sendTestMail(
      userContext(request),
      { transport: app.mailer.transport, engines: app.mailer.engines, secrets: app.secrets, baseUrl: app.config.baseUrl },
      wave,
      request.user!.email,
    );
    const where = app.mailer.transport.kind === 'outbox' ? ' (in de lokale outbox, want er is geen mailserver ingesteld)' : '';
    const notice = result.delivered
      ? `Testberichten verstuurd naar ${result.to}${where}: de uitnodiging en de eerste herinnering. De link erin opent de vragenlijst in de testmodus; er is niets in de ronde opgeslagen.`
      : null;
    if (!result.delivered) reply.status(502);
    return renderDetail(request, reply, wave, { notice, testError: result.delivered ? null : `De mailserver weigerde het testbericht: ${result.error}` });
  });
};

export default waveLaunchRoutes;
