/** The service context of a request: the app's database and clock, and the signed-in user (or, on public routes, the participant). */
import type { FastifyRequest } from 'fastify';
import type { Context } from '../services/context.js';

/** For admin routes, behind the auth plugin's access hook (a user is signed in). */
export function userContext(request: FastifyRequest): Context {
  const { server } = request;
  return { db: server.db, now: server.now(), actor: { user: request.user! } };
}

/** For the public routes a participant uses (opt-out). */
export function participantContext(request: FastifyRequest): Context {
  const { server } = request;
  return { db: server.db, now: server.now(), actor: { system: 'deelnemer' } };
}
