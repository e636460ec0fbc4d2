/**
 * The mailer: the transport (SMTP from SMTP_URL, pooled; otherwise the local outbox) and `runPass`,
 * one mail pass with the app's database, secret, clock and logger. A transport passed in by the
 * caller (tests, benchmarks) is the caller's to close; one created here is closed on shutdown.
 */
import fp from 'fastify-plugin';
import { createOutboxTransport, createSmtpTransport, type MailTransport } from '../mail/transport.js';
import type { MailEngines } from '../domain/fieldwork/mailRender.js';
import { createMailEngines, runMailPass, type MailPassOptions, type MailPassResult } from '../services/mailPass.js';

declare module 'fastify' {
  interface FastifyInstance {
    mailer: {
      transport: MailTransport;
      /** The template engines messages are rendered with (a test mail uses them too). */
      engines: MailEngines;
      /** One mail pass now (at the app's clock, or at `now`). */
      runPass(options?: MailPassOptions & { now?: Date }): Promise<MailPassResult>;
    };
  }
}

export interface MailerOptions {
  transport?: MailTransport;
}

export default fp<MailerOptions>(
  async (app, opts) => {
    const transport = opts.transport ?? (app.config.smtpUrl ? createSmtpTransport(app.config.smtpUrl) : createOutboxTransport());
    const engines = createMailEngines();
    // passes of this process run one after another: a pass starting while another is sending would
    // take that one's in-flight jobs for interrupted ones
    let queue: Promise<unknown> = Promise.resolve();
    const runPass = ({ now, ...options }: MailPassOptions & { now?: Date } = {}) => {
      const run = () =>
        runMailPass(
          { db: app.db, secrets: app.secrets, baseUrl: app.config.baseUrl, transport, engines, now: now ? () => now : () => app.now(), log: app.log },
          options,
        );
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    };
    app.decorate('mailer', { transport, engines, runPass });
    // a pass in progress (one asked for on an admin page) finishes before the transport closes
    app.addHook('onClose', async () => {
      await queue;
      if (!opts.transport && transport.kind === 'smtp') await transport.close();
    });
    app.log.info({ transport: transport.description }, 'mail transport');
  },
  { name: 'mailer', dependencies: ['db', 'secrets'] },
);
