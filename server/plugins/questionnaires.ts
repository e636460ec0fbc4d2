/**
 * At start-up every file in QUESTIONNAIRES_DIR is loaded into the questionnaire store as a version
 * (services/questionnaires.ts): a broken file, or a changed file whose version a wave uses, stops the
 * server with the file named. Versions added later (browser, `questionnaire import`) need no restart.
 */
import fp from 'fastify-plugin';
import { adoptWaveSnapshots, syncQuestionnaireFolder } from '../services/questionnaires.js';

export default fp<{ dir: string }>(
  async (app, opts) => {
    const ctx = { db: app.db, now: app.now(), actor: { system: 'questionnaire-folder' as const } };
    const loaded = await syncQuestionnaireFolder(ctx, opts.dir);
    const adopted = await adoptWaveSnapshots(ctx);
    app.log.info({ ...loaded, adopted }, 'questionnaire files loaded');
  },
  { name: 'questionnaires', dependencies: ['db'] },
);
