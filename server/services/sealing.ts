/**
 * Sealing an anonymous wave once it has closed, so that the database file no longer tells what
 * anonymity forbids (the threat model is in the README: anyone holding the database file or a backup
 * after fieldwork). Its drafts go (nobody can finish them any more, and an unfinished draft holds an
 * invitation id next to answers), and the file is rebuilt with a canonical layout and the log
 * truncated (db/scrub.ts compactDatabase): until then the place of each response's rows in the pages,
 * and of each invitation that moved when it completed, follows the order of submission. The
 * maintenance pass seals within MAINTENANCE_INTERVAL_MINUTES of the closing moment.
 */
import { transaction } from '../db/connection.js';
import { deleteWaveDrafts } from '../db/repositories/drafts.js';
import { markSealed, wavesToSeal } from '../db/repositories/waves.js';
import { compactDatabase } from '../db/scrub.js';
import { dutchDay } from '../domain/format/nl.js';
import { audit } from './audit.js';
import { within, type Context } from './context.js';

export interface Sealed {
  waveId: string;
  /** Drafts removed (unfinished responses, invitation and open link alike). */
  drafts: number;
}

/** Seal every anonymous wave that has closed and is not sealed yet; the file is rebuilt once for all of them. */
export async function sealClosedWaves(ctx: Context): Promise<Sealed[]> {
  const sealed: Sealed[] = [];
  for (const wave of await wavesToSeal(ctx.db, ctx.now)) {
    const drafts = await transaction(ctx.db, async (trx) => {
      const removed = await deleteWaveDrafts(trx, wave.id);
      await markSealed(trx, wave.id, dutchDay(ctx.now));
      await audit(within(ctx, trx), { action: 'wave_sealed', waveId: wave.id, details: { drafts: removed } });
      return removed;
    });
    sealed.push({ waveId: wave.id, drafts });
  }
  if (sealed.length > 0 && !ctx.db.isTransaction) await compactDatabase(ctx.db);
  return sealed;
}
