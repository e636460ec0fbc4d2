import type { FastifyPluginAsync } from 'fastify';

/** GET /healthz: 200 when the database answers, 503 otherwise. */
const health: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async (_request, reply) => {
    const ok = await app.dbHealthy();
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable' });
  });
};

export default health;
