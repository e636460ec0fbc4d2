/** The preview store (services/preview.ts): the answers of every running preview, in memory only. */
import fp from 'fastify-plugin';
import { PreviewStore } from '../services/preview.js';

declare module 'fastify' {
  interface FastifyInstance {
    previews: PreviewStore;
  }
}

export default fp(
  async (app) => {
    app.decorate('previews', new PreviewStore());
  },
  { name: 'previews' },
);
