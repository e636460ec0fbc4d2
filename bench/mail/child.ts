/**
 * Child process of the mail benchmark: `child.ts <participants> <smtpPort>`. Builds the real app on a
 * fresh SQLite file with SMTP_URL pointing at the benchmark's SMTP server (so the mailer plugin makes
 * its own pooled SMTP transport, as in production), imports the participants with their invitations,
 * then times one mail pass: planning the invitation jobs, rendering each message from the wave's
 * templates, claiming and marking each job in the database, and delivery over SMTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { insertParticipants } from '../../server/db/repositories/participants.js';
import { emit, log, projectRoot } from '../lib/child.js';
import { round } from '../lib/measure.js';
import { createBenchWave } from '../lib/wave.js';
import { latestVersion } from '../../server/services/questionnaires.js';

export interface MailRun {
  participants: number;
  seconds: number;
  messagesPerSecond: number;
  sent: number;
  planned: number;
  failures: number;
  transport: string;
  jobs: Record<string, number>;
}

async function main(): Promise<MailRun> {
  const n = Number(process.argv[2]);
  const port = Number(process.argv[3]);
  const dir = mkdtempSync(join(tmpdir(), 'vhbench-mail-'));
  const config = loadConfig({
    DATABASE_FILE: join(dir, 'bench.db'),
    BASE_URL: 'https://enquete.veiligheidshuis.example',
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
    MAIL_INTERVAL_SECONDS: '0',
    RETENTION_INTERVAL_HOURS: '0',
    QUESTIONNAIRES_DIR: resolve(projectRoot, 'questionnaires'),
  });
  const app = await buildApp({ config, logger: false });
  try {
    await app.ready();
    const questionnaire = (await latestVersion(app.db, 'stappenmeter-doelbereik'))?.questionnaire;
    if (!questionnaire) throw new Error('no Stappenmeter questionnaire');
    const now = app.now();
    const wave = await createBenchWave(app.db, questionnaire, now);
    const people = Array.from({ length: n }, (_, i) => ({
      email: `partner.${i}@organisatie${i % 50}.example.nl`,
      name: `Partner ${i}`,
      attributes: { organisatie: `Organisatie ${i % 50}` },
    }));
    await insertParticipants(app.db, app.secrets, wave.id, people, now);
    log(`${n} participants with invitations in wave ${wave.id}; mail pass over ${app.mailer.transport.description}`);

    const start = process.hrtime.bigint();
    const result = await app.mailer.runPass();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;

    const jobs = await app.db
      .selectFrom('mail_jobs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const failures = result.retry + result.failed + result.bounced + result.unknown + result.errors.length;
    return {
      participants: n,
      seconds: round(seconds, 3),
      messagesPerSecond: round(result.sent / seconds, 1),
      sent: result.sent,
      planned: result.planned.invitations,
      failures,
      transport: app.mailer.transport.kind,
      jobs: Object.fromEntries(jobs.map((j) => [j.status, Number(j.n)])),
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

emit(await main());
