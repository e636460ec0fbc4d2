/** Mail claims and their leases as a test sees them in the database (server/db/repositories/mailSending.ts). */
import type { FastifyInstance } from 'fastify';

/** The jobs still being sent, with who claimed them and until when. */
export function sendingJobs(app: FastifyInstance) {
  return app.db.selectFrom('mail_jobs').select(['id', 'claimed_by', 'lease_until']).where('status', '=', 'sending').orderBy('id').execute();
}

/**
 * Resolves once every claim still 'sending' has run out. A lease is a moment in real time written in
 * the database, so this waits for that moment, not for a guessed duration.
 */
export async function leasesRunOut(app: FastifyInstance): Promise<void> {
  const leases = (await sendingJobs(app)).map((j) => (j.lease_until ? Date.parse(j.lease_until) : 0));
  const wait = Math.max(0, ...leases) - Date.now() + 50;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
