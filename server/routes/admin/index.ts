import type { FastifyPluginAsync } from 'fastify';

/** Admin pages for researchers and evaluators, under /admin. */
const adminRoutes: FastifyPluginAsync = async () => {};

export default adminRoutes;
