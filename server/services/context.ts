/**
 * What every use case runs with: the database, the moment, and who acts. Routes build it from the
 * request (routes/context.ts), the command line from its environment (cli/io.ts), the schedulers as
 * the system.
 */
import type { Db } from '../db/connection.js';
import type { SessionUser } from '../db/database.js';

/** Who acts: a signed-in account, a part of the system, or someone not signed in who gave an address (a failed login). */
export type Actor = { user: SessionUser } | { system: 'cli' | 'retention' | 'deelnemer' | 'questionnaire-folder' } | { claimed: string };

export interface Context {
  /** The database, or a transaction on it. */
  db: Db;
  now: Date;
  actor: Actor;
}

/** How the audit log names an actor: the account's address, the system part, or the address given. */
export function actorLabel(actor: Actor): string {
  if ('user' in actor) return actor.user.email;
  if ('system' in actor) return actor.system;
  return actor.claimed;
}

/** The same context inside a transaction. */
export function within(ctx: Context, db: Db): Context {
  return { ...ctx, db };
}
