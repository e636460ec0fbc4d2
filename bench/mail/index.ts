/** mail: 10,000 invitations rendered and delivered by one mail pass to a local SMTP server. */
import { runChild, startChild } from '../lib/child.js';
import type { Benchmark } from '../lib/types.js';
import type { MailRun } from './child.js';
import type { SmtpCounts } from './smtpServer.js';

const TARGET = 300;

export const mailBench: Benchmark = {
  name: 'mail',
  what: 'one mail pass: 10,000 invitations rendered, claimed, sent over SMTP (smtp-server on loopback) and marked sent',
  async run({ quick }) {
    const n = quick ? 200 : 10_000;
    const smtp = await startChild<{ port: number }, SmtpCounts>('mail/smtpServer.ts');
    let r: MailRun | undefined;
    let received: SmtpCounts | undefined;
    try {
      [r] = await runChild<MailRun>('mail/child.ts', [String(n), String(smtp.ready.port)]);
    } finally {
      [received] = await smtp.stop();
    }
    if (!r) throw new Error('mail child reported nothing');
    const complete = r.sent === n && r.failures === 0 && received?.messages === n;
    return {
      value: r.messagesPerSecond,
      unit: 'msg/s',
      target: `≥ ${TARGET} msg/s, all ${n} delivered`,
      pass: complete && r.messagesPerSecond >= TARGET,
      details: {
        ...r,
        smtpServer: received,
        method:
          'The real app (buildApp) with SMTP_URL=smtp://127.0.0.1:<port>; smtp-server runs in its own process and accepts everything at once. ' +
          'Timed: app.mailer.runPass(), from planning the jobs to the last message marked sent; value = messages sent / seconds. ' +
          'Importing the participants and their invitations is outside.',
      },
    };
  },
};
