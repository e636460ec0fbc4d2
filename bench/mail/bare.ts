/**
 * The baseline of the mail benchmark: `bare.ts <messages> <smtpPort>`. Renders the messages first
 * (untimed: the wave's default invitation text through the platform's own renderer, each with its own
 * personal link and opt-out link, as the mail pass makes them), then times a bare nodemailer pool
 * sending them all to the same SMTP server: the same pool size and messages per connection as the
 * app's transport and the same socket (TCP_NODELAY; without it each message waits ~40 ms for a
 * delayed ACK), every message handed to the pool at once, nothing written to a database.
 */
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { defaultWaveTexts } from '../../server/domain/fieldwork/defaultTexts.js';
import { compileWaveMail } from '../../server/domain/fieldwork/mailRender.js';
import { noDelaySocket } from '../../server/mail/transport.js';
import { createMailEngines } from '../../server/services/mailPass.js';
import { emit, log } from '../lib/child.js';
import { round } from '../lib/measure.js';

export interface BareMailRun {
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  sent: number;
  renderSeconds: number;
}

const n = Number(process.argv[2]);
const port = Number(process.argv[3]);
const house = 'Veiligheidshuis Noord-Holland Noord';
const renderer = compileWaveMail(createMailEngines(), {
  ...defaultWaveTexts,
  house,
  sender_name: house,
  closes_at: new Date(Date.now() + 35 * 24 * 3600 * 1000).toISOString(),
});
const renderStart = performance.now();
const base = 'https://enquete.veiligheidshuis.example';
const messages = Array.from({ length: n }, (_, i) => {
  const link = `${base}/r/${randomBytes(32).toString('base64url')}`;
  const optOutLink = `${base}/optout/${i}.${randomBytes(16).toString('base64url')}`;
  return {
    from: { name: house, address: 'onderzoek@veiligheidshuis.example' },
    to: `partner.${i}@organisatie${i % 50}.example.nl`,
    ...renderer.render('invitation', { name: `Partner ${i}`, link, optOutLink }),
    messageId: `<job-${i}.bench@enquete.veiligheidshuis.example>`,
    headers: { 'List-Unsubscribe': `<${optOutLink}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    date: new Date(),
  };
});
const renderSeconds = (performance.now() - renderStart) / 1000;

const transporter = nodemailer.createTransport(
  new SMTPPool({ host: '127.0.0.1', port, pool: true, maxConnections: 5, maxMessages: 1000, getSocket: noDelaySocket('127.0.0.1', port) } as SMTPPool.Options),
);
const start = process.hrtime.bigint();
const results = await Promise.allSettled(messages.map((m) => transporter.sendMail(m)));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
transporter.close();
const sent = results.filter((r) => r.status === 'fulfilled').length;
log(`bare nodemailer pool: ${sent} of ${n} in ${seconds.toFixed(2)} s`);
emit({ messages: n, seconds: round(seconds, 3), messagesPerSecond: round(sent / seconds, 1), sent, renderSeconds: round(renderSeconds, 3) } satisfies BareMailRun);
