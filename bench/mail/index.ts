/**
 * mail: 10,000 invitations rendered and delivered by one mail pass to a local SMTP server, against a
 * bare nodemailer pool sending the same number of already-rendered messages to the same server
 * (bare.ts), in turn, each in a fresh process.
 */
import { runChild, startChild } from '../lib/child.js';
import { median, round } from '../lib/measure.js';
import type { Benchmark } from '../lib/types.js';
import type { BareMailRun } from './bare.js';
import type { MailRun } from './child.js';
import type { SmtpCounts } from './smtpServer.js';

/** Messages a second of the mail pass over those of the bare pool. */
const TARGET = 0.5;

export const mailBench: Benchmark = {
  name: 'mail',
  what: 'one mail pass: 10,000 invitations rendered, claimed, sent over SMTP (smtp-server on loopback) and marked sent, vs a bare nodemailer pool',
  async run({ quick }) {
    const n = quick ? 200 : 10_000;
    const rounds = quick ? 1 : 2;
    const smtp = await startChild<{ port: number }, SmtpCounts>('mail/smtpServer.ts');
    const app: MailRun[] = [];
    const bare: BareMailRun[] = [];
    let received: SmtpCounts | undefined;
    try {
      for (let i = 0; i < rounds; i++) {
        const [b] = await runChild<BareMailRun>('mail/bare.ts', [String(n), String(smtp.ready.port)]);
        const [a] = await runChild<MailRun>('mail/child.ts', [String(n), String(smtp.ready.port)]);
        if (!a || !b) throw new Error('a mail child reported nothing');
        bare.push(b);
        app.push(a);
      }
    } finally {
      [received] = await smtp.stop();
    }
    const value = median(app.map((r) => r.messagesPerSecond));
    const baseline = median(bare.map((r) => r.messagesPerSecond));
    const ratio = round(value / baseline, 3);
    const complete = app.every((r) => r.sent === n && r.failures === 0) && bare.every((r) => r.sent === n) && received?.messages === 2 * rounds * n;
    return {
      value,
      unit: 'msg/s',
      ratio,
      target: `ratio ≥ ${TARGET} of a bare nodemailer pool, all ${n} delivered`,
      pass: complete && ratio >= TARGET,
      aside: `bare pool ${Math.round(baseline)} msg/s`,
      details: {
        participants: n,
        rounds: app,
        baselineRounds: bare,
        baselineMessagesPerSecond: baseline,
        smtpServer: received,
        method:
          'The real app (buildApp) with SMTP_URL=smtp://127.0.0.1:<port>; smtp-server runs in its own process and accepts everything at once. ' +
          'Timed: app.mailer.runPass(), from planning the jobs to the last message marked sent; value = messages sent / seconds (median of the rounds). ' +
          'Importing the participants and their invitations is outside. Baseline (bench/mail/bare.ts, a fresh process before each app round): ' +
          'the same number of messages rendered beforehand (untimed) from the default invitation text, then sent by a bare nodemailer pool ' +
          '(5 connections, 1000 messages each, TCP_NODELAY like the app) to the same SMTP server, all handed to the pool at once. ' +
          'ratio = median(app) / median(baseline).',
      },
    };
  },
};
