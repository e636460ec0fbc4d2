/**
 * The app under test for the HTTP benchmarks: `appServer.ts <invitations> [anonymous|named]` (the
 * wave is anonymous unless `named`). Builds the real app on a
 * fresh SQLite file (logging off, like the baseline; the respondent rate limit raised to 10^9 a minute
 * so it is still checked per request but never trips), opens a Stappenmeter wave with the given number
 * of invitations, each with a saved draft holding answers to every page up to the contact question,
 * and listens on 127.0.0.1 (port chosen by the OS). Emits the port, the invitation tokens and the
 * Stappenmeter's page titles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { storePage } from '../../server/db/repositories/drafts.js';
import { draftTime } from '../../server/services/respondent.js';
import { invitationToken } from '../../server/security/tokens.js';
import { insertParticipants } from '../../server/db/repositories/participants.js';
import { isQuestion } from '../../server/domain/questionnaire/schema.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';
import { emit, projectRoot } from '../lib/child.js';
import { seeded } from '../lib/measure.js';
import { createBenchWave } from '../lib/wave.js';
import { latestVersion } from '../../server/services/questionnaires.js';

export interface AppServerReady {
  port: number;
  tokens: string[];
  pages: Array<{ number: number; id: string; title: string }>;
  /** The 1-based page number where the draft stands (every earlier page can be shown). */
  draftPage: number;
}

const count = Number(process.argv[2] ?? 1);
const anonymous = process.argv[3] !== 'named';
const dir = mkdtempSync(join(tmpdir(), 'vhbench-http-'));
const config = loadConfig({
  DATABASE_FILE: join(dir, 'bench.db'),
  BASE_URL: 'http://127.0.0.1',
  LOG_LEVEL: 'silent',
  MAIL_INTERVAL_SECONDS: '0',
  RETENTION_INTERVAL_HOURS: '0',
  QUESTIONNAIRES_DIR: resolve(projectRoot, 'questionnaires'),
});
const app = await buildApp({ config, logger: false, respondentRateLimitMax: 1e9 });
await app.ready();

const questionnaire = (await latestVersion(app.db, 'stappenmeter-doelbereik'))?.questionnaire;
if (!questionnaire) throw new Error('no Stappenmeter questionnaire');
const now = app.now();
const wave = await createBenchWave(app.db, questionnaire, now, { anonymous });
const people = Array.from({ length: count }, (_, i) => ({ email: `partner.${i}@example.nl`, name: `Partner ${i}`, attributes: {} }));
await insertParticipants(app.db, app.secrets, wave.id, people, now);
const invitations = await app.db.selectFrom('invitations').select(['id', 'token_nonce']).where('wave_id', '=', wave.id).orderBy('id').execute();

// the draft stands on the contact page: background answered, every Likert statement answered
const contactPage = questionnaire.pages.findIndex((p) => p.blocks.some((b) => isQuestion(b) && b.contact));
if (contactPage < 0) throw new Error('the Stappenmeter has no contact page');
const random = seeded(76);
for (const inv of invitations) {
  const values: Values = { Q2: 1 + Math.floor(random() * 5), Q3: 1 + Math.floor(random() * 6), Q63: 1 + Math.floor(random() * 20) };
  for (const aspect of questionnaire.aspects) for (const code of aspect.items) values[code] = 1 + Math.floor(random() * 4);
  await storePage(app.db, { create: { waveId: wave.id, invitationId: inv.id } }, values, contactPage, draftTime(wave, now));
}

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const ready: AppServerReady = {
  port: typeof address === 'object' && address ? address.port : 0,
  tokens: invitations.map((i) => invitationToken(app.secrets, i.token_nonce)),
  pages: questionnaire.pages.map((p, i) => ({ number: i + 1, id: p.id, title: p.title ?? p.id })),
  draftPage: contactPage + 1,
};
emit(ready);

process.once('SIGTERM', () => {
  void app.close().then(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
