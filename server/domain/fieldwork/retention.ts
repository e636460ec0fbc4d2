/**
 * Retention of participants' personal data (AVG/GDPR storage limitation): a wave with a retention
 * period keeps its participant list for that many days after it closes; then e-mail addresses,
 * names and list attributes are removed, together with drafts and contact answers, while the
 * responses and the response-rate figures (kept as a snapshot) stay.
 */

const DAY_MS = 24 * 3600 * 1000;

export interface RetentionWave {
  closes_at: string;
  retention_days: number | null;
  purged_at: string | null;
}

/** When the wave's personal data are due for deletion: close + retention days; null without a retention period. */
export function purgeDueAt(wave: Pick<RetentionWave, 'closes_at' | 'retention_days'>): Date | null {
  if (wave.retention_days === null) return null;
  return new Date(Date.parse(wave.closes_at) + wave.retention_days * DAY_MS);
}

export type PurgeEligibility =
  | { ok: true; dueAt: Date | null; forced: boolean }
  | { ok: false; reason: 'purged' | 'open' | 'no-retention' | 'not-due'; message: string; dueAt: Date | null };

/**
 * Whether a wave may be purged now. A wave that has not closed never is (its fieldwork needs the
 * list); one without a retention period or not yet due only when forced.
 */
export function purgeEligibility(wave: RetentionWave, now: Date, options: { force?: boolean } = {}): PurgeEligibility {
  const dueAt = purgeDueAt(wave);
  if (wave.purged_at !== null) return { ok: false, reason: 'purged', message: `already purged on ${wave.purged_at}`, dueAt };
  if (now.getTime() < Date.parse(wave.closes_at)) {
    return { ok: false, reason: 'open', message: `the wave has not closed yet (closes ${wave.closes_at})`, dueAt };
  }
  if (options.force) return { ok: true, dueAt, forced: dueAt === null || now.getTime() < dueAt.getTime() };
  if (dueAt === null) return { ok: false, reason: 'no-retention', message: 'the wave has no retention period (use --force to purge it anyway)', dueAt };
  if (now.getTime() < dueAt.getTime()) {
    return { ok: false, reason: 'not-due', message: `not due before ${dueAt.toISOString()} (use --force to purge it now)`, dueAt };
  }
  return { ok: true, dueAt, forced: false };
}

/** What a purged participant's address becomes, followed by its id: unique per wave (the list's constraint) and saying what happened. */
export const PURGED_EMAIL_PREFIX = 'verwijderd-';
