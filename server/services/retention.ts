/**
 * Purging a wave's personal data after its retention period (AVG/GDPR storage limitation), by hand
 * (`wave purge`) or by the server's daily pass: in one transaction, snapshot the response-rate
 * figures, erase the personal data and write the audit log.
 */
import { transaction } from '../db/connection.js';
import type { Wave } from '../db/database.js';
import { saveRateSnapshot } from '../db/repositories/rates.js';
import { erasePersonalData, purgeCounts, wavesWithRetention, type PurgeCounts } from '../db/repositories/retention.js';
import { findWave } from '../db/repositories/waves.js';
import { purgeEligibility, type PurgeEligibility } from '../domain/fieldwork/retention.js';
import { audit } from './audit.js';
import { within, type Context } from './context.js';
import { computeWaveRates } from './rates.js';

export interface PurgeOutcome extends PurgeCounts {
  waveId: string;
  title: string;
  house: string;
  dueAt: string | null;
  forced: boolean;
  purgedAt: string;
  dryRun: boolean;
}

type Refusal = Extract<PurgeEligibility, { ok: false }>;

/**
 * Purge one wave if it may be purged now (see purgeEligibility); with dryRun only count. The
 * eligibility is checked again inside the transaction, so two purges at once cannot both run.
 */
export async function purgeWave(
  ctx: Context,
  wave: Wave,
  options: { force?: boolean; dryRun?: boolean } = {},
): Promise<{ ok: true; outcome: PurgeOutcome } | Refusal> {
  const { now } = ctx;
  const check = purgeEligibility(wave, now, { force: options.force });
  if (!check.ok) return check;
  const base = { waveId: wave.id, title: wave.title, house: wave.house, dueAt: check.dueAt?.toISOString() ?? null, forced: check.forced, purgedAt: now.toISOString() };
  if (options.dryRun) return { ok: true, outcome: { ...base, ...(await purgeCounts(ctx.db, wave.id)), dryRun: true } };

  return transaction(ctx.db, async (trx) => {
    const current = await findWave(trx, wave.id);
    const recheck = current ? purgeEligibility(current, now, { force: options.force }) : undefined;
    if (!current || !recheck || !recheck.ok) {
      return recheck && !recheck.ok ? recheck : ({ ok: false, reason: 'purged', message: 'the wave no longer exists', dueAt: null } satisfies Refusal);
    }
    const counts = await purgeCounts(trx, wave.id);
    // the figures first, while the list they come from is still whole
    await saveRateSnapshot(trx, wave.id, await computeWaveRates(trx, current, now), now);
    await erasePersonalData(trx, wave.id, now);
    await audit(within(ctx, trx), { action: 'wave_purged', waveId: wave.id, details: { forced: recheck.forced, ...counts } });
    return { ok: true as const, outcome: { ...base, forced: recheck.forced, ...counts, dryRun: false } };
  });
}

/** Purge every wave whose retention period has passed; returns what was (or with dryRun would be) purged. */
export async function purgeDueWaves(ctx: Context, options: { dryRun?: boolean } = {}): Promise<PurgeOutcome[]> {
  const outcomes: PurgeOutcome[] = [];
  for (const wave of await wavesWithRetention(ctx.db)) {
    const result = await purgeWave(ctx, wave, options);
    if (result.ok) outcomes.push(result.outcome);
  }
  return outcomes;
}
