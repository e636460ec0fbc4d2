/**
 * The app as a plugin-assembled Fastify instance: external plugins → app plugins → routes → error
 * handlers. Everything environmental (database, questionnaire folder, clock, mail transport) is an
 * option, so tests build it on a fresh database with a fixed clock.
 */
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import type { MailTransport } from './mail/transport.js';
import { logSerializers } from './logging.js';
import authPlugin from './plugins/auth.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin, { frameworkErrors } from './plugins/errors.js';
import mailerPlugin from './plugins/mailer.js';
import mailSchedulerPlugin from './plugins/mailScheduler.js';
import previewsPlugin from './plugins/previews.js';
import questionnairesPlugin from './plugins/questionnaires.js';
import retentionPlugin from './plugins/retention.js';
import secretsPlugin from './plugins/secrets.js';
import sentAnswersPlugin from './plugins/sentAnswers.js';
import { resolveSecretKey } from './security/secrets.js';
import securityPlugin from './plugins/security.js';
import viewPlugin from './plugins/view.js';
import adminRoutes from './routes/admin/index.js';
import healthRoutes from './routes/health.js';
import optoutRoutes from './routes/optout.js';
import previewLinkRoutes from './routes/previewLinks.js';
import respondentRoutes from './routes/respondent/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** The clock: every "now" in the app comes from here, so tests can fix time. */
    now(): Date;
  }
}

export interface AppOptions {
  config: Config;
  /** An opened database owned by the caller; otherwise config.databaseFile is opened. */
  db?: Db;
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
  /** Where mail goes; otherwise SMTP from config.smtpUrl, or the local outbox table without it. */
  mailTransport?: MailTransport;
  /** Trust X-Forwarded-* (behind a reverse proxy); default: config.trustProxy (TRUST_PROXY). */
  trustProxy?: boolean | number | string;
  /** Requests per minute per IP on the respondent routes (default RESPONDENT_RATE_LIMIT, 300); benchmarks raise it. */
  respondentRateLimitMax?: number;
}

/** Build the application; call `listen()` or `inject()` on the result. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, serializers: logSerializers },
    trustProxy: (options.trustProxy ?? config.trustProxy) as FastifyServerOptions['trustProxy'] & boolean,
    bodyLimit: 1024 * 1024,
    frameworkErrors,
  });
  app.decorate('config', config);
  app.decorate('now', options.now ?? (() => new Date()));

  await app.register(formbody);
  await app.register(rateLimit, { global: false });

  await app.register(dbPlugin, { databaseFile: config.databaseFile, db: options.db });
  await app.register(secretsPlugin, { key: resolveSecretKey(config.secretKey, config.databaseFile) });
  await app.register(questionnairesPlugin, { dir: config.questionnairesDir });
  await app.register(viewPlugin);
  await app.register(securityPlugin);
  await app.register(sentAnswersPlugin);
  await app.register(authPlugin);
  await app.register(mailerPlugin, { transport: options.mailTransport });
  await app.register(mailSchedulerPlugin);
  await app.register(retentionPlugin);
  await app.register(previewsPlugin);
  // before the routes: a route keeps the error handler of the moment it is registered
  await app.register(errorsPlugin);

  await app.register(healthRoutes);
  await app.register(respondentRoutes, { rateLimitMax: options.respondentRateLimitMax ?? config.respondentRateLimit });
  await app.register(optoutRoutes);
  await app.register(previewLinkRoutes, { rateLimitMax: options.respondentRateLimitMax ?? config.respondentRateLimit });
  await app.register(adminRoutes, { prefix: '/admin' });

  return app;
}
