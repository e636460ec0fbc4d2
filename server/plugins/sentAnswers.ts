import fp from 'fastify-plugin';
import { SentAnswers } from '../services/sentAnswers.js';

declare module 'fastify' {
  interface FastifyInstance {
    sentAnswers: SentAnswers;
  }
}

/** Decorates the app with the in-memory store of what respondents sent in their session (services/sentAnswers.ts). */
export default fp(
  async (app) => {
    app.decorate('sentAnswers', new SentAnswers(() => app.now()));
  },
  { name: 'sentAnswers' },
);
