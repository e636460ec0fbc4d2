import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import fp from 'fastify-plugin';
import { projectRoot } from '../config.js';

export const viewsDir = join(projectRoot, 'views');

/** One Eta engine for pages and e-mails: auto-escaping on, templates cached outside development. */
export function createEta(cache = true): Eta {
  return new Eta({ views: viewsDir, cache, autoEscape: true, autoTrim: false, defaultExtension: '.eta' });
}

export default fp<{ cache?: boolean }>(
  async (app, opts) => {
    const eta = createEta(opts.cache ?? true);
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
