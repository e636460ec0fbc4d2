import type { FastifyPluginAsync } from 'fastify';
import accountRoutes from './account.js';
import auditRoutes from './audit.js';
import authRoutes from './auth.js';
import houseRoutes from './houses.js';
import mailRoutes from './mail.js';
import participantRoutes from './participants.js';
import questionnaireRoutes from './questionnaires.js';
import rateRoutes from './rates.js';
import resultsRoutes from './results.js';
import roundRoutes from './rounds.js';
import userRoutes from './users.js';
import waveRoutes from './waves/index.js';

/** Admin pages under /admin; every route declares its access scope (services/access.ts). */
const adminRoutes: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes);
  await app.register(waveRoutes);
  await app.register(questionnaireRoutes);
  await app.register(participantRoutes);
  await app.register(userRoutes);
  await app.register(resultsRoutes);
  await app.register(mailRoutes);
  await app.register(rateRoutes);
  await app.register(accountRoutes);
  await app.register(houseRoutes);
  await app.register(auditRoutes);
  await app.register(roundRoutes);
};

export default adminRoutes;
