import fp from 'fastify-plugin';
import { createSecrets, type Secrets } from '../security/secrets.js';

declare module 'fastify' {
  interface FastifyInstance {
    secrets: Secrets;
  }
}

/** Decorates the app with the server secret's signing functions (server/security/secrets.ts). */
export default fp<{ key: string }>(
  async (app, opts) => {
    app.decorate('secrets', createSecrets(opts.key));
  },
  { name: 'secrets' },
);
