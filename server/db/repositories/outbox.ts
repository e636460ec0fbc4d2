/**
 * The local outbox: where mail goes when no SMTP server is configured (the embedded default). A
 * message is written here and its job marked sent in one transaction, so it is never lost or doubled.
 */
import { z } from 'zod';
import { type Db, transaction } from '../connection.js';
import { inHouses, type HouseFilter } from './waves.js';

const headersSchema = z.record(z.string(), z.string());

export interface OutboxMessage {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

function outboxRow(jobId: number | null, message: OutboxMessage, at: string) {
  return {
    job_id: jobId,
    to_address: message.to,
    from_address: message.from,
    subject: message.subject,
    text_body: message.text,
    html_body: message.html,
    headers: JSON.stringify(message.headers),
    created_at: at,
  };
}

/**
 * Deliver jobs to the outbox. Each job is claimed (pending/retry → sent) and its message written in
 * the same transaction; a job another sender already took is left out. Returns the ids delivered.
 */
export async function deliverToOutbox(
  db: Db,
  items: ReadonlyArray<{ jobId: number; messageId: string; message: OutboxMessage }>,
  now: Date,
): Promise<number[]> {
  if (items.length === 0) return [];
  const at = now.toISOString();
  return transaction(db, async (trx) => {
    const delivered: number[] = [];
    for (const { jobId, messageId, message } of items) {
      const claimed = await trx
        .updateTable('mail_jobs')
        .set((eb) => ({
          status: 'sent',
          attempts: eb('attempts', '+', 1),
          message_id: messageId,
          sending_at: at,
          sent_at: at,
          last_error: null,
          next_attempt_at: null,
        }))
        .where('id', '=', jobId)
        .where('status', 'in', ['pending', 'retry'])
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) continue;
      await trx.insertInto('outbox').values(outboxRow(jobId, message, at)).execute();
      delivered.push(jobId);
    }
    return delivered;
  });
}

export interface OutboxListItem {
  id: number;
  job_id: number | null;
  to_address: string;
  subject: string;
  created_at: string;
  wave_id: string | null;
  kind: 'invitation' | 'reminder' | null;
  round: number | null;
}

/** Outbox messages of the houses, newest first, optionally of one wave (a message whose job is gone belongs to no house: only 'all' lists it). */
export async function listOutbox(db: Db, options: { houses: HouseFilter; waveId?: string; limit: number; offset: number }): Promise<{ total: number; items: OutboxListItem[] }> {
  let base = inHouses(db.selectFrom('outbox as o').leftJoin('mail_jobs as j', 'j.id', 'o.job_id').leftJoin('waves as w', 'w.id', 'j.wave_id'), options.houses, 'w.house_id');
  if (options.waveId) base = base.where('j.wave_id', '=', options.waveId);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const items = await base
    .select(['o.id', 'o.job_id', 'o.to_address', 'o.subject', 'o.created_at', 'j.wave_id', 'j.kind', 'j.round'])
    .orderBy('o.id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return { total: Number(total.n), items };
}

/** One outbox message with its bodies and headers, and the wave of its job (null when the job is gone). */
export async function findOutboxMessage(db: Db, id: number) {
  const row = await db.selectFrom('outbox as o').leftJoin('mail_jobs as j', 'j.id', 'o.job_id').selectAll('o').select('j.wave_id').where('o.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return { ...row, headers: headersSchema.parse(JSON.parse(row.headers)) };
}

/** Write a message that belongs to no mail job (a researcher's test message) to the outbox. */
export async function writeToOutbox(db: Db, message: OutboxMessage, now: Date): Promise<number> {
  const row = await db.insertInto('outbox').values(outboxRow(null, message, now.toISOString())).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
