/**
 * Waves (/admin/waves), for whoever manages waves (scope manageWaves, or manageWave for one wave of
 * the user's houses): one file a concern, as results/ is laid out.
 *   form.ts    the list, a new wave (a concept), editing one
 *   detail.ts  a wave's page with its checklist, the questionnaire version, the open link, the preview
 *   launch.ts  the test mail and the launch
 *   copy.ts    a new wave based on one
 *   delete.ts  deleting a wave
 *   shared.ts  the :id wave, posted versions and the form's choices, also used by the other wave pages
 */
import type { FastifyPluginAsync } from 'fastify';
import waveCopyRoutes from './copy.js';
import waveDeleteRoutes from './delete.js';
import waveDetailRoutes from './detail.js';
import waveFormRoutes from './form.js';
import waveLaunchRoutes from './launch.js';

const waveRoutes: FastifyPluginAsync = async (app) => {
  await app.register(waveFormRoutes);
  await app.register(waveDetailRoutes);
  await app.register(waveLaunchRoutes);
  await app.register(waveCopyRoutes);
  await app.register(waveDeleteRoutes);
};

export default waveRoutes;
