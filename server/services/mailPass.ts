/**
 * One mail pass: plan the jobs that have become due, decide per due job whether it still goes out,
 * and hand the messages over. The pass is the only sender, used both by the server's own timer and
 * by `mail run`, and it keeps the crash-safety protocol:
 *
 * 1. Jobs a stopped process left in 'sending' become 'unknown' first, and are never resent
 *    automatically (a person decides, on the admin mail page). A sender holds its claims with a
 *    lease it renews while it works: only jobs whose lease ran out (their sender is gone) are taken,
 *    never those of another pass that is still sending (another process).
 * 2. Each job is claimed ('sending', attempt + 1) in a committed write BEFORE the message is handed
 *    to SMTP (a few jobs share a commit: as many as the pass has in flight), and marked 'sent' only
 *    after the server accepted it (the marks share the next claim's commit). A crash in between leaves
 *    'sending' → 'unknown': at most one copy can exist without being recorded.
 * 3. With the outbox (no SMTP) the message row and the 'sent' mark are one transaction.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { transaction, type Db } from '../db/connection.js';
import type { Wave } from '../db/database.js';
import { createInvitation } from '../db/repositories/invitations.js';
import {
  closeWaveJobs,
  insertReminderJobs,
  participantsWithoutInvitation,
  planInvitationJobs,
  reminderBases,
  replanReminders,
} from '../db/repositories/mailPlanning.js';
import {
  claimJobsMarkingSent,
  dueJobs,
  markBounced,
  markInterruptedUnknown,
  markRetry,
  markSkipped,
  markUnknown,
  renewLeases,
  type Claim,
  type DueJob,
} from '../db/repositories/mailSending.js';
import { deliverToOutbox } from '../db/repositories/outbox.js';
import { unpurgedWaves } from '../db/repositories/waves.js';
import { classifyDeliveryError, nextAttemptAt } from '../domain/fieldwork/delivery.js';
import { compileWaveMail, createTextEta, type MailEngines, type WaveMailRenderer } from '../domain/fieldwork/mailRender.js';
import { reminderSchedule, sendDecision, skipReasonLabels } from '../domain/fieldwork/reminderPolicy.js';
import { waveState } from '../domain/fieldwork/waveState.js';
import { jobMessageId, maskPersonalLinks, optOutLink, surveyLink } from '../mail/links.js';
import type { MailTransport, OutgoingMail } from '../mail/transport.js';
import type { Secrets } from '../security/secrets.js';
import { createEta } from '../templates/eta.js';
import { reminderDaysOf } from './waves.js';
import { invalidateWaveResults } from './results.js';

export interface PassLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface MailPassDeps {
  db: Db;
  secrets: Secrets;
  baseUrl: string;
  transport: MailTransport;
  engines: MailEngines;
  /** The clock; `mail run --now` fixes it. */
  now: () => Date;
  log?: PassLogger;
  /** How long a claim holds without renewal (default 2 minutes); leases are in real time, whatever `now` says. */
  leaseMs?: number;
}

/** This process's name on the jobs it claims: one per process, so its passes recognise each other. */
const CLAIMER = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;

export const DEFAULT_LEASE_MS = 120_000;

export interface MailPassOptions {
  /** Only this wave. */
  waveId?: string;
  /** Messages in flight at once (the SMTP pool has its own connection limit). */
  concurrency?: number;
  /** Jobs fetched per round trip. */
  batchSize?: number;
}

export interface MailPassResult {
  at: string;
  /** Jobs found in 'sending' from an interrupted run, now 'unknown'. */
  unknownRecovered: number;
  planned: { invitations: number; reminders: number };
  /** Reminders not sent yet that followed a change of the wave's reminder days. */
  replanned: { moved: number; cancelled: number; restored: number };
  sent: number;
  skipped: number;
  /** Temporary failures that will be tried again. */
  retry: number;
  /** Given up: too many attempts, or the wave closes before the next one. */
  failed: number;
  /** Permanent failures: the participant is now marked bounced. */
  bounced: number;
  /** Connection lost after hand-over in this pass: fate unknown. */
  unknown: number;
  /** Jobs of waves that closed: never-sent ones cancelled, retrying ones failed. */
  closed: { cancelled: number; failed: number };
  errors: Array<{ waveId: string; message: string }>;
}

/** The text and HTML template engines a pass renders its messages with. */
export function createMailEngines(): MailEngines {
  return { text: createTextEta(), html: createEta() };
}

/** Run one pass; see the module comment for the guarantees. */
export async function runMailPass(deps: MailPassDeps, options: MailPassOptions = {}): Promise<MailPassResult> {
  const { db } = deps;
  const now = deps.now();
  const result: MailPassResult = {
    at: now.toISOString(),
    unknownRecovered: 0,
    planned: { invitations: 0, reminders: 0 },
    replanned: { moved: 0, cancelled: 0, restored: 0 },
    sent: 0,
    skipped: 0,
    retry: 0,
    failed: 0,
    bounced: 0,
    unknown: 0,
    closed: { cancelled: 0, failed: 0 },
    errors: [],
  };

  // leases are about processes being alive, so they run on the real clock, not on `mail run --now`
  result.unknownRecovered = await markInterruptedUnknown(db, new Date(), options.waveId);
  if (result.unknownRecovered > 0) deps.log?.warn({ jobs: result.unknownRecovered }, 'mail jobs interrupted while sending are now unknown');

  const waves = await unpurgedWaves(db, options.waveId);

  const open = new Map<string, { wave: Wave; renderer: WaveMailRenderer }>();
  for (const wave of waves) {
    const state = waveState(wave, now);
    if (state === 'closed') {
      const closed = await closeWaveJobs(db, wave.id);
      result.closed.cancelled += closed.cancelled;
      result.closed.failed += closed.failed;
      continue;
    }
    // a concept is never mailed; a scheduled wave not before it opens
    if (state === 'concept' || state === 'scheduled') continue;
    try {
      open.set(wave.id, { wave, renderer: compileWaveMail(deps.engines, wave) });
      reminderDaysOf(wave);
    } catch (error) {
      open.delete(wave.id);
      const message = `Sjablonen of herinneringsdagen van de ronde zijn ongeldig: ${error instanceof Error ? error.message : String(error)}`;
      result.errors.push({ waveId: wave.id, message });
      deps.log?.error({ waveId: wave.id, err: error }, 'wave mail templates do not compile');
      continue;
    }
    await ensureInvitations(deps, wave.id, now);
    result.planned.invitations += await planInvitationJobs(db, wave.id, new Date(wave.opens_at), now);
  }

  for (const { wave } of open.values()) await planReminders(db, wave, now, result, true);
  await sendDue(deps, open, now, options, result);
  // invitations handed over just now anchor their reminders (the days cannot have changed meanwhile)
  for (const { wave } of open.values()) await planReminders(db, wave, now, result, false);

  const busy = result.sent + result.skipped + result.retry + result.failed + result.bounced + result.unknown + result.errors.length > 0;
  if (busy) deps.log?.info({ ...result, errors: result.errors.length }, 'mail pass done');
  return result;
}

/** Participants imported without an invitation record get one, so that every message has a link. */
async function ensureInvitations(deps: MailPassDeps, waveId: string, now: Date): Promise<void> {
  const missing = await participantsWithoutInvitation(deps.db, waveId);
  if (missing.length === 0) return;
  await transaction(deps.db, async (trx) => {
    for (const id of missing) await createInvitation(trx, deps.secrets, waveId, id, now);
  });
}

/**
 * Reminder jobs for everyone whose invitation went out, from the wave's current reminder days:
 * reminders not sent yet follow a change of those days (moved, dropped or restored), missing rounds
 * are added.
 */
async function planReminders(db: Db, wave: Wave, now: Date, result: MailPassResult, replan: boolean): Promise<void> {
  const days = reminderDaysOf(wave);
  const closesAt = new Date(wave.closes_at);
  const bases = await reminderBases(db, wave.id);
  const schedules = new Map(bases.map((base) => [base.participantId, reminderSchedule(days, new Date(base.invitationAt), closesAt)]));
  if (replan) {
    const replanned = await replanReminders(db, wave.id, schedules);
    result.replanned.moved += replanned.moved;
    result.replanned.cancelled += replanned.cancelled;
    result.replanned.restored += replanned.restored;
  }
  if (days.length === 0) return;
  const jobs: Array<{ participantId: number; round: number; dueAt: Date }> = [];
  for (const base of bases) {
    const schedule = schedules.get(base.participantId)!;
    if (schedule.length <= base.reminders) continue;
    for (const r of schedule) jobs.push({ participantId: base.participantId, round: r.round, dueAt: r.dueAt });
  }
  result.planned.reminders += await insertReminderJobs(db, wave.id, jobs, now);
}

async function sendDue(
  deps: MailPassDeps,
  open: Map<string, { wave: Wave; renderer: WaveMailRenderer }>,
  now: Date,
  options: MailPassOptions,
  result: MailPassResult,
): Promise<void> {
  const { db, transport } = deps;
  const batchSize = options.batchSize ?? 500;
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const waveIds = [...open.keys()];

  const build = (job: DueJob): OutgoingMail => {
    const { wave, renderer } = open.get(job.wave_id)!;
    const unsubscribe = optOutLink(deps.baseUrl, deps.secrets, job.participant_id);
    const rendered = renderer.render(job.kind, {
      name: job.name,
      link: surveyLink(deps.baseUrl, deps.secrets, job.token_nonce!),
      optOutLink: unsubscribe,
    });
    return {
      from: { name: wave.sender_name, address: wave.sender_email },
      to: job.email,
      ...rendered,
      messageId: jobMessageId(deps.baseUrl, job.id, wave.id),
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      date: deps.now(),
    };
  };

  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const lease = () => ({ claimer: CLAIMER, until: new Date(Date.now() + leaseMs) });

  // Claims are taken a few at a time (`claimChunk`, the number of messages in flight), each chunk in
  // one commit before any of its messages is handed over; the sent marks of messages the server has
  // accepted since the last chunk are written in that same commit, and the rest at the end of the
  // batch. A crash leaves at most a chunk of claimed messages not handed over and the accepted ones
  // not yet marked 'sent' in 'sending': after their lease both become 'unknown' (never resent
  // automatically), as a message in flight does. One commit per chunk instead of two per message.
  type Claimed = { job: DueJob; mail: OutgoingMail; attempts: number };
  let sentMarks: Array<{ claim: Claim; at: Date }> = [];
  const flushSentMarks = async (): Promise<void> => {
    if (sentMarks.length === 0) return;
    await claimJobsMarkingSent(db, [], sentMarks, deps.now(), lease());
    sentMarks = [];
  };

  const deliver = async ({ job, mail, attempts }: Claimed): Promise<void> => {
    if (transport.kind !== 'smtp') return;
    const { wave } = open.get(job.wave_id)!;
    const outcome = await transport.send(mail);
    const claim = { id: job.id, attempts };
    if (outcome.ok) {
      sentMarks.push({ claim, at: deps.now() });
      result.sent += 1;
      return;
    }
    const failure = classifyDeliveryError(outcome.error, outcome.transactionStarted);
    deps.log?.warn({ jobId: job.id, kind: failure.kind, error: failure.reason }, 'mail delivery failed');
    if (failure.kind === 'permanent') {
      await markBounced(db, { ...claim, participantId: job.participant_id }, failure.reason, deps.now());
      // not audited, yet a change to the wave's response rates
      invalidateWaveResults(job.wave_id);
      result.bounced += 1;
    } else if (failure.kind === 'unknown') {
      await markUnknown(db, claim, `Verbinding verbroken na overdracht; onbekend of het bericht is aangekomen (${failure.reason})`);
      result.unknown += 1;
    } else {
      const next = nextAttemptAt(attempts, deps.now(), new Date(wave.closes_at));
      await markRetry(db, claim, next, failure.reason);
      if (next) result.retry += 1;
      else result.failed += 1;
    }
  };

  // while messages are in flight their leases are renewed, so no other process takes them for interrupted
  const renewal = setInterval(() => {
    renewLeases(db, lease()).catch((error: unknown) => deps.log?.warn({ err: error }, 'renewing mail claims failed'));
  }, leaseMs / 3);
  renewal.unref();
  try {
    await sendBatches();
  } finally {
    clearInterval(renewal);
  }

  async function sendBatches(): Promise<void> {
    for (;;) {
      const jobs = await dueJobs(db, waveIds, now, batchSize);
      if (jobs.length === 0) return;
      const skips: Array<{ id: number; reason: string }> = [];
      const sends: DueJob[] = [];
      for (const job of jobs) {
        const decision = sendDecision({
          eligible: job.eligible === 1,
          optedOut: job.opted_out_at !== null,
          bounced: job.bounced_at !== null,
          completed: job.invitation_status === 'completed',
        });
        if (!decision.send) skips.push({ id: job.id, reason: skipReasonLabels[decision.reason] });
        else if (!job.token_nonce) skips.push({ id: job.id, reason: 'geen uitnodiging (link) voor deze deelnemer' });
        else sends.push(job);
      }
      result.skipped += await markSkipped(db, skips);

      if (transport.kind === 'outbox') {
        // the outbox is read by researchers: it keeps each message with its personal links masked, and
        // no reminder of an anonymous wave (who gets one has not finished: a per-person completion list)
        const items = sends.map((job) => {
          if (job.kind === 'reminder' && open.get(job.wave_id)!.wave.anonymous === 1) {
            return { jobId: job.id, messageId: jobMessageId(deps.baseUrl, job.id, job.wave_id), message: null };
          }
          const mail = build(job);
          const from = `${mail.from.name} <${mail.from.address}>`;
          const headers = Object.fromEntries(Object.entries({ 'Message-ID': mail.messageId, ...mail.headers }).map(([k, v]) => [k, maskPersonalLinks(v)]));
          return {
            jobId: job.id,
            messageId: mail.messageId,
            message: { to: mail.to, from, subject: mail.subject, text: maskPersonalLinks(mail.text), html: maskPersonalLinks(mail.html), headers },
          };
        });
        result.sent += (await deliverToOutbox(db, items, deps.now())).length;
        continue;
      }

      // a small worker pool; after an unexpected error no new job is started, and the error is thrown
      // once the jobs in flight have settled (their claims stay 'sending' → 'unknown' once the lease runs out)
      let next = 0;
      let failure: unknown;
      const claimedJobs: Claimed[] = [];
      let claiming: Promise<void> | undefined;
      const claimChunk = async (): Promise<void> => {
        const chunk = sends.slice(next, next + concurrency).map((job) => ({ job, mail: build(job) }));
        next += chunk.length;
        const marks = sentMarks;
        sentMarks = [];
        let attempts: Array<number | null>;
        try {
          attempts = await claimJobsMarkingSent(db, chunk.map((c) => ({ id: c.job.id, messageId: c.mail.messageId })), marks, deps.now(), lease());
        } catch (error) {
          sentMarks = [...marks, ...sentMarks]; // rolled back: written at the end of the batch instead
          throw error;
        }
        // a null: another sender took it
        chunk.forEach((c, i) => attempts[i] != null && claimedJobs.push({ ...c, attempts: attempts[i]! }));
      };
      const nextClaimed = async (): Promise<Claimed | undefined> => {
        // a chunk being claimed may bring work although every job has been taken for claiming
        while (claimedJobs.length === 0 && (claiming || next < sends.length) && failure === undefined) {
          claiming ??= claimChunk().finally(() => (claiming = undefined));
          await claiming;
        }
        return failure === undefined ? claimedJobs.shift() : undefined;
      };
      const worker = async () => {
        for (;;) {
          try {
            const claimed = await nextClaimed();
            if (!claimed) return;
            await deliver(claimed);
          } catch (error) {
            failure ??= error;
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, sends.length) }, worker));
      await flushSentMarks();
      if (failure !== undefined) throw failure;
    }
  }
}
