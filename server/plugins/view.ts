import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import fp from 'fastify-plugin';
import { createEta, viewsDir, type ViewEta } from '../templates/eta.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Eta engine behind reply.view (pages compiled per shape render through it: templates/compiled.ts). */
    eta: ViewEta;
  }
}

/** Pages rendered with the one Eta engine (server/templates/eta.ts), and views/static/ served under /static/. */
export default fp<{ cache?: boolean }>(
  async (app, opts) => {
    const eta = createEta(opts.cache ?? true);
    app.decorate('eta', eta);
    await app.register(fastifyView, { engine: { eta }, root: viewsDir, production: opts.cache ?? true });
    await app.register(fastifyStatic, {
      root: join(viewsDir, 'static'),
      prefix: '/static/',
      maxAge: '1h',
      index: false,
    });
  },
  { name: 'view' },
);
