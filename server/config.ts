/**
 * Configuration from the environment, validated once at start-up. Every default path is resolved
 * from the code's own location, so the server works from any working directory.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from './errors.js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_FILE: z.string().min(1).default(resolve(projectRoot, 'data/survey.db')),
    BASE_URL: z.url().optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    QUESTIONNAIRES_DIR: z.string().min(1).default(resolve(projectRoot, 'questionnaires')),
    SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MAIL_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
    RETENTION_INTERVAL_HOURS: z.coerce.number().min(0).default(24),
    RESPONDENT_RATE_LIMIT: z.coerce.number().int().min(1).default(300),
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/, 'must be true, false, a number of proxies, or addresses/CIDR ranges separated by commas')
      .default('false'),
    TWO_FACTOR_EVALUATORS: z.enum(['required', 'optional']).default('required'),
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    databaseFile: env.DATABASE_FILE === ':memory:' ? ':memory:' : resolve(env.DATABASE_FILE),
    baseUrl: (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    smtpUrl: env.SMTP_URL,
    questionnairesDir: resolve(env.QUESTIONNAIRES_DIR),
    secretKey: env.SECRET_KEY,
    logLevel: env.LOG_LEVEL,
    mailIntervalSeconds: env.MAIL_INTERVAL_SECONDS,
    retentionIntervalHours: env.RETENTION_INTERVAL_HOURS,
    respondentRateLimit: env.RESPONDENT_RATE_LIMIT,
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    twoFactorEvaluators: env.TWO_FACTOR_EVALUATORS,
  }));

/** Fastify's trustProxy from TRUST_PROXY: off, on (any proxy), the number of proxies in front, or the proxies' addresses. */
function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((a) => a.trim()).join(',');
}

export type Config = z.output<typeof envSchema>;

/** Read and validate the configuration; throws ConfigError with one line per fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const result = envSchema.safeParse(known);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
