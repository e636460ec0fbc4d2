import fp from 'fastify-plugin';
import { formatFault } from '../domain/questionnaire/load.js';
import { loadQuestionnaireDir } from '../services/questionnaireFiles.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { QuestionnaireFolderError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    questionnaires: QuestionnaireRegistry;
  }
}

export interface QuestionnaireRegistry {
  get(id: string): Questionnaire | undefined;
  list(): Questionnaire[];
}

/** Loads and checks every questionnaire file at start-up; a broken file stops the server. */
export default fp<{ dir: string }>(
  async (app, opts) => {
    const { questionnaires, faults } = loadQuestionnaireDir(opts.dir);
    if (faults.length > 0) {
      throw new QuestionnaireFolderError(`Invalid questionnaire file(s):\n${faults.map(formatFault).join('\n')}`);
    }
    const byId = new Map(questionnaires.map((q) => [q.id, q]));
    app.decorate('questionnaires', { get: (id: string) => byId.get(id), list: () => [...byId.values()] });
  },
  { name: 'questionnaires' },
);
