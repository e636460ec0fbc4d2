import type { FastifyPluginAsync } from 'fastify';

/** Respondent pages: /r/:token (invitation links) and /o/:token (open links). */
const respondentRoutes: FastifyPluginAsync = async () => {};

export default respondentRoutes;
