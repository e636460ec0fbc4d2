/**
 * Who may do what: every role decision of the admin pages and their services is made here, so the
 * grants per house (issue 14: landelijk onderzoeker, coördinator, evaluator, landelijk evaluator)
 * change this module and not the routes. Today a researcher manages everything; an evaluator reads
 * results and response rates of every wave.
 */
import type { SessionUser, Wave } from '../db/database.js';
import type { Actor } from './context.js';

/** The part of a wave that access depends on. */
export type WaveScope = Pick<Wave, 'id' | 'house'>;

/** Create and change waves, their participants, mail and outbox. */
export function canManageWaves(user: SessionUser): boolean {
  return user.role === 'researcher';
}

/** Create, block and unblock accounts and set their passwords. */
export function canManageAccounts(user: SessionUser): boolean {
  return user.role === 'researcher';
}

/** Read the results and response rates of `wave`, or (without a wave) use the results pages at all. */
export function canReadResults(user: SessionUser, _wave?: WaveScope): boolean {
  return user.role === 'researcher' || user.role === 'evaluator';
}

/**
 * Whether an actor may read the results of `wave` where a use case runs for whoever asks (the
 * workbook's summary compares with the waves its reader may read): a signed-in user by their rights;
 * the command line reads every wave, as it runs with the database's own rights.
 */
export function canActorReadResults(actor: Actor, wave: WaveScope): boolean {
  if ('user' in actor) return canReadResults(actor.user, wave);
  return 'system' in actor && actor.system === 'cli';
}

/** Hide or redact open answers of `wave` and code them (categories), or (without a wave) use those pages at all: the researcher's work before evaluators read them. */
export function canEditOpenAnswers(user: SessionUser, _wave?: WaveScope): boolean {
  return user.role === 'researcher';
}

/** Where a user lands after signing in: the first page they may use. */
export function homePath(user: SessionUser): string {
  return canManageWaves(user) ? '/admin/waves' : '/admin/results';
}
