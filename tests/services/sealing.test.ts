/**
 * Sealing (services/sealing.ts): once an anonymous wave has closed, its unfinished drafts (an
 * invitation id next to answers) go, the wave records the day, and the file is rebuilt; a wave that
 * has not closed, or is not anonymous, keeps its drafts, and a concept is never sealed. `db maintain` does the same from the command
 * line, for a database whose server was not running when the wave closed.
 */
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Wave } from '../../server/db/database.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appEnvironment, cli, stubCliEnvironment } from '../helpers/cli.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { Client, pageForm } from '../helpers/formClient.js';
import { page1 } from '../helpers/proefAnswers.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';

const DAY = 24 * 3600 * 1000;
let t: TestApp;
afterEach(async () => t?.close());

/** A wave of the proef questionnaire closing in a day, with one invitee who saved page 1 only. */
async function waveWithDraft(anonymous: 0 | 1, title: string): Promise<Wave> {
  const now = t.app.now().getTime();
  const wave = await makeWave(t.app, 'proef', { anonymous, title, closes_at: new Date(now + DAY).toISOString() });
  const { token } = await makeInvitee(t.app, wave);
  const client = new Client(t.app);
  await client.submit(pageForm(await client.get(`/r/${token}/pagina/1`)), page1, 'Volgende');
  return wave;
}

const draftsOf = async (wave: Wave) => (await t.app.db.selectFrom('drafts').select('id').where('wave_id', '=', wave.id).execute()).length;
const sealedOn = async (wave: Wave) => (await t.app.db.selectFrom('waves').select('sealed_on').where('id', '=', wave.id).executeTakeFirstOrThrow()).sealed_on;

describe('sealing an anonymous wave that has closed', () => {
  it('removes its drafts, records the day and the audit entry, rebuilds the file; nothing before closing or for a wave that is not anonymous', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const anonymous = await waveWithDraft(1, 'Anoniem');
    const named = await waveWithDraft(0, 'Niet anoniem');
    // a concept that was never launched has nothing to seal, whatever its dates
    const concept = await makeWave(t.app, 'proef', { anonymous: 1, launched_at: null, closes_at: anonymous.closes_at });
    expect((await t.app.maintenance.runPass()).sealed).toEqual([]);
    expect([await draftsOf(anonymous), await draftsOf(named)]).toEqual([1, 1]);

    t.setNow(new Date(Date.parse(anonymous.closes_at) + 60_000));
    expect((await t.app.maintenance.runPass()).sealed).toEqual([{ waveId: anonymous.id, drafts: 1 }]);
    expect([await draftsOf(anonymous), await draftsOf(named)]).toEqual([0, 1]);
    expect(await sealedOn(concept)).toBeNull();
    expect(await sealedOn(anonymous)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const entry = await t.app.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'wave_sealed').executeTakeFirstOrThrow();
    expect({ ...entry, details: JSON.parse(entry.details) }).toEqual({ actor: 'maintenance', details: { waveId: anonymous.id, drafts: 1 } });
    const raw = new SQLite(t.config.databaseFile, { readonly: true });
    try {
      expect(raw.pragma('freelist_count', { simple: true })).toBe(0);
    } finally {
      raw.close();
    }
    // sealed once: a second pass does nothing
    expect((await t.app.maintenance.runPass()).sealed).toEqual([]);
  });

  it('is done by `db maintain` on the file of a server that was not running at the closing moment', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const wave = await waveWithDraft(1, 'Anoniem');
    stubCliEnvironment(appEnvironment(t));
    const early = await cli('db', 'maintain', '--now', t.app.now().toISOString(), '--json');
    expect(early.code, early.stderr).toBe(0);
    expect(JSON.parse(early.stdout)).toMatchObject({ sealed: [], expiredOpenDrafts: 0 });

    const after = new Date(Date.parse(wave.closes_at) + 60_000).toISOString();
    const run = await cli('db', 'maintain', '--now', after);
    expect(run).toEqual({ code: 0, stdout: `Sealed: ${wave.id} (1 drafts removed); the file is rebuilt.\nStale open-link drafts removed: 0.\n`, stderr: '' });
    expect(await draftsOf(wave)).toBe(0);
    expect(await sealedOn(wave)).toBe(after.slice(0, 10));
    expect((await cli('db', 'maintain', 'extra')).code).not.toBe(0);
  });
});
