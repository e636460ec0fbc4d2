/**
 * At start-up every file in QUESTIONNAIRES_DIR is loaded into the questionnaire store as a version
 * (services/questionnaires.ts): a broken file, or a changed file whose version a wave uses, stops the
 * server with the file named. Versions added later (browser, `questionnaire import`) need no restart.
 */
import fp from 'fastify-plugin';
import { syncQuestionnaireFolder } from '../services/questionnaires.js';

export default fp<{ dir: string }>(
  async (app, opts) => {
    const loaded = await syncQuestionnaireFolder({ db: app.db, now: app.now(), actor: { system: 'questionnaire-folder' } }, opts.dir);
    app.log.info(loaded, 'questionnaire files loaded');
  },
  { name: 'questionnaires', dependencies: ['db'] },
);
