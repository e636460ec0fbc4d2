/**
 * A ceiling for submit: `storeServer.ts <drafts>` serves POST /store on a bare Fastify with the
 * app's form parser: it turns the posted Q… fields into answers and saves them with the real
 * storePage() (one transaction on a fresh SQLite file opened like the app's), then answers 303. No
 * token lookup, wave or participant checks, CSRF, validation or routing: the part of a submit that
 * only stores the page. No implementation of the real route that stores the page this way can be
 * faster than this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { openDatabase } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { storePage } from '../../server/db/repositories/drafts.js';
import { draftTime } from '../../server/services/respondent.js';
import { loadQuestionnaireFile } from '../../server/services/questionnaireFiles.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';
import { emit, projectRoot } from '../lib/child.js';
import { createBenchWave } from '../lib/wave.js';

const count = Number(process.argv[2] ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'vhbench-store-'));
const { db } = openDatabase(join(dir, 'bench.db'));
await migrateToLatest(db);
const loaded = loadQuestionnaireFile(resolve(projectRoot, 'questionnaires/stappenmeter-doelbereik.json'));
if (!loaded.ok) throw new Error('the Stappenmeter does not load');
const now = new Date();
const wave = await createBenchWave(db, loaded.questionnaire, now);
const drafts: string[] = [];
for (let i = 0; i < count; i++) drafts.push(await storePage(db, { create: { waveId: wave.id, invitationId: null } }, { Q2: 1 }, 2, draftTime(wave, now)));

let next = 0;
const app = Fastify({ logger: false });
await app.register(formbody);
app.post('/store', async (request, reply) => {
  const form = request.body as Record<string, string>;
  const values: Values = {};
  for (const key in form) if (/^Q\d+_\d+$/.test(key)) values[key] = Number(form[key]);
  await storePage(db, { draft: { id: drafts[next++ % drafts.length]!, invitation_id: null } }, values, 3, draftTime(wave, new Date()));
  return reply.redirect('/next', 303);
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
emit({ port: typeof address === 'object' && address ? address.port : 0 });

process.once('SIGTERM', () => {
  void app.close().then(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
