/**
 * Mail pages for researchers: the overview of every wave's mail jobs, one wave's jobs (with the
 * decision on messages of unknown fate: resend or skip), a pass on demand, and the local outbox.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { MailJobStatus } from '../../db/database.js';
import { formatDutchDateTime } from '../../domain/format/nl.js';
import { waveStateLabel } from '../../domain/fieldwork/waveState.js';
import { mailDecisionMissing } from '../../errors.js';
import { decideUnknownJob, decideUnknownReminders, mailOverview, mayResend, outboxMessage, outboxPage, waveMail } from '../../services/mail.js';
import type { MailPassResult } from '../../services/mailPass.js';
import { managedWaves } from '../../services/waves.js';
import { userContext } from '../context.js';
import { formFields, pageData } from './forms.js';
import { waveParam } from './waves/shared.js';

export const jobStatusLabels: Record<MailJobStatus, string> = {
  pending: 'wacht',
  sending: 'wordt verstuurd',
  sent: 'verstuurd',
  retry: 'opnieuw proberen',
  failed: 'mislukt',
  unknown: 'onbekend',
  skipped: 'overgeslagen',
  cancelled: 'vervallen',
};

const STATUSES: MailJobStatus[] = ['pending', 'retry', 'sending', 'sent', 'unknown', 'failed', 'skipped', 'cancelled'];

const PAGE_SIZE = 50;

const roundLabel = (kind: 'invitation' | 'reminder', round: number) => (kind === 'invitation' ? 'Uitnodiging' : `Herinnering ${round}`);
const when = (iso: string | null) => (iso ? formatDutchDateTime(iso) : '');

// What a pass on demand did travels in the redirect's query (Post/Redirect/Get: reloading the page
// shows the summary again and runs nothing), as counts under these names.
const PASS_COUNTS = ['verstuurd', 'overgeslagen', 'opnieuw', 'mislukt', 'bounce', 'onbekend', 'fouten'] as const;

function passCounts(r: MailPassResult): Record<(typeof PASS_COUNTS)[number], number> {
  return {
    verstuurd: r.sent,
    overgeslagen: r.skipped,
    opnieuw: r.retry,
    mislukt: r.failed,
    bounce: r.bounced,
    onbekend: r.unknown + r.unknownRecovered,
    fouten: r.errors.length,
  };
}

function passSummary(query: Record<string, string | undefined>): string {
  const n = Object.fromEntries(PASS_COUNTS.map((k) => [k, Math.max(0, Number.parseInt(query[k] ?? '0', 10) || 0)])) as ReturnType<typeof passCounts>;
  const parts = [`${n.verstuurd} verstuurd`, `${n.overgeslagen} overgeslagen`, `${n.opnieuw} later opnieuw`, `${n.mislukt} mislukt`, `${n.bounce} bounce`];
  if (n.onbekend > 0) parts.push(`${n.onbekend} met onbekende afloop`);
  const errors = n.fouten > 0 ? ' De sjablonen of herinneringsdagen van deze ronde zijn ongeldig: er is niets verstuurd. Controleer ze bij de instellingen van de ronde.' : '';
  return `Verzonden: ${parts.join(', ')}.${errors}`;
}

const mailRoutes: FastifyPluginAsync = async (app) => {

  app.get('/mail', { config: { access: 'manageWaves' } }, async (request, reply) => {
    const [waves, counts] = await Promise.all([managedWaves(app.db, request.user!), mailOverview(app.db, request.user!)]);
    const now = app.now();
    const rows = waves.map((w) => {
      const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<MailJobStatus, number>;
      for (const c of counts) if (c.wave_id === w.id) byStatus[c.status] = c.n;
      return { wave: w, state: waveStateLabel(w, now), counts: byStatus };
    });
    return reply.viewAsync(
      'pages/admin/mail/index',
      pageData(request, 'Mail en outbox', 'mail', {
        rows,
        statuses: STATUSES,
        labels: jobStatusLabels,
        transport: app.mailer.transport.description,
        outbox: app.mailer.transport.kind === 'outbox',
        interval: app.config.mailIntervalSeconds,
      }),
    );
  });

  async function renderWaveMail(request: FastifyRequest, reply: FastifyReply, notice: string | null) {
    const wave = await waveParam(request);
    const { counts, unknown: open, problems, unknownReminderRounds } = await waveMail(app.db, wave);
    const rounds = new Map<string, { label: string; counts: Record<string, number>; total: number }>();
    for (const c of counts) {
      const key = `${c.kind}:${c.round}`;
      const row = rounds.get(key) ?? { label: roundLabel(c.kind, c.round), counts: {}, total: 0 };
      row.counts[c.status] = c.n;
      row.total += c.n;
      rounds.set(key, row);
    }
    const now = app.now();
    const job = (j: (typeof open)[number]) => ({
      ...j,
      label: roundLabel(j.kind, j.round),
      statusLabel: jobStatusLabels[j.status],
      sendingAt: when(j.sending_at),
      nextAttempt: when(j.next_attempt_at),
      canResend: mayResend(j.sending_at, now),
    });
    return reply.viewAsync(
      'pages/admin/mail/wave',
      pageData(request, `Mail: ${wave.title}`, 'mail', {
        wave,
        state: waveStateLabel(wave, app.now()),
        rounds: [...rounds.values()],
        statuses: STATUSES,
        labels: jobStatusLabels,
        unknown: open.map(job),
        problems: problems.map(job),
        unknownReminderRounds: unknownReminderRounds.map((r) => ({ ...r, label: roundLabel('reminder', r.round), lastSendingAt: when(r.lastSendingAt), canResend: mayResend(r.lastSendingAt, now) })),
        notice,
      }),
    );
  }

  app.get('/waves/:id/mail', { config: { access: 'manageWave' } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const notice = query.klaar;
    const messages: Record<string, string> = {
      resend: 'Het bericht wordt bij de volgende verzending opnieuw verstuurd.',
      skip: 'Het bericht wordt niet opnieuw verstuurd.',
      'resend-round': 'De herinneringen worden bij de volgende verzending opnieuw verstuurd (behalve aan wie inmiddels heeft ingevuld).',
      'skip-round': 'De herinneringen worden niet opnieuw verstuurd.',
    };
    return renderWaveMail(request, reply, notice === 'mailronde' ? passSummary(query) : notice ? (messages[notice] ?? null) : null);
  });

  app.post('/waves/:id/mail/run', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const result = await app.mailer.runPass({ waveId: wave.id });
    const counts = new URLSearchParams(Object.entries(passCounts(result)).map(([k, v]) => [k, String(v)]));
    return reply.redirect(`/admin/waves/${wave.id}/mail?klaar=mailronde&${counts}`, 303);
  });

  app.post('/waves/:id/mail/jobs/:jobId', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const jobId = Number((request.params as { jobId: string }).jobId);
    const decision = formFields(request.body).decision;
    if (decision !== 'resend' && decision !== 'skip') throw mailDecisionMissing();
    await decideUnknownJob(userContext(request), wave, jobId, decision);
    return reply.redirect(`/admin/waves/${wave.id}/mail?klaar=${decision}`, 303);
  });

  // an anonymous wave's reminders of unknown fate, decided per round (services/mail.ts namedJob)
  app.post('/waves/:id/mail/reminders', { config: { access: 'manageWave' } }, async (request, reply) => {
    const wave = await waveParam(request);
    const fields = formFields(request.body);
    const decision = fields.decision;
    if (decision !== 'resend' && decision !== 'skip') throw mailDecisionMissing();
    await decideUnknownReminders(userContext(request), wave, Number(fields.round), decision);
    return reply.redirect(`/admin/waves/${wave.id}/mail?klaar=${decision}-round`, 303);
  });

  app.get('/outbox', { config: { access: 'manageWaves' } }, async (request, reply) => {
    const query = request.query as { ronde?: string; pagina?: string };
    const page = Math.max(1, Number.parseInt(query.pagina ?? '1', 10) || 1);
    const waveId = query.ronde || undefined;
    const { total, items } = await outboxPage(app.db, request.user!, { waveId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return reply.viewAsync(
      'pages/admin/outbox/index',
      pageData(request, 'Outbox', 'mail', {
        items: items.map((m) => ({ ...m, label: m.kind ? roundLabel(m.kind, m.round ?? 0) : 'testbericht', at: when(m.created_at) })),
        total,
        page,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        waveId,
        waves: await managedWaves(app.db, request.user!),
        outbox: app.mailer.transport.kind === 'outbox',
      }),
    );
  });

  const outboxParam = (request: FastifyRequest) => outboxMessage(app.db, request.user!, Number((request.params as { id: string }).id));

  app.get('/outbox/:id', { config: { access: 'manageOutboxMessage' } }, async (request, reply) => {
    const message = await outboxParam(request);
    return reply.viewAsync('pages/admin/outbox/message', pageData(request, `Outbox: ${message.subject}`, 'mail', { message, at: when(message.created_at) }));
  });

  // the HTML part as the recipient's mail program gets it (scripts cannot run: the CSP forbids them)
  app.get('/outbox/:id/html', { config: { access: 'manageOutboxMessage' } }, async (request, reply) => {
    const message = await outboxParam(request);
    return reply.type('text/html; charset=utf-8').send(message.html_body);
  });
};

export default mailRoutes;
