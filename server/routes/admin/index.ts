import type { FastifyPluginAsync } from 'fastify';
import authRoutes from './auth.js';

/** Admin pages for researchers and evaluators, under /admin. */
const adminRoutes: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes);
};

export default adminRoutes;
