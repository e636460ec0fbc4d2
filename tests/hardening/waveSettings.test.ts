/**
 * Finding 5 of issue 15: the minimum cell size of an opened anonymous wave could be lowered to 1,
 * which switched off every suppression and the withholding of raw data, and the audit log said only
 * `wave_updated`. Attacked here through the edit form as a researcher would: lowering it (or switching
 * anonymity off) is refused with a Dutch message beside the field, the raw data stay withheld, and
 * the service refuses it for any other caller too. What is allowed — stricter settings — is recorded
 * in the audit log with the values before and after. Making an opened non-anonymous wave anonymous
 * (stricter) unlinks the responses given so far.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../server/db/database.js';
import { updateWave } from '../../server/services/waves.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loginAs, type LoggedIn } from '../helpers/auth.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { Client, textOf, type Page } from '../helpers/formClient.js';
import { completeProef } from '../helpers/proefAnswers.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';

let t: TestApp;
let researcher: LoggedIn;

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
  researcher = await loginAs(t.app, 'researcher');
});
afterAll(async () => {
  await t?.close();
});

async function waveWithResponses(overrides: Partial<Wave>, responses: number): Promise<Wave> {
  const wave = await makeWave(t.app, 'proef', { min_cell_size: 5, ...overrides });
  for (let i = 0; i < responses; i++) {
    const { token } = await makeInvitee(t.app, wave);
    expect((await completeProef(new Client(t.app), `/r/${token}`)).url).toBe(`/r/${token}/klaar`);
  }
  return wave;
}

/** The researcher's browser: the edit form as shown, sent with some fields changed. */
async function editWave(wave: Wave, fields: Record<string, string | null>): Promise<Page> {
  const browser = new Client(t.app);
  browser.cookies.set('sid', researcher.cookie.slice('sid='.length));
  const form = await browser.get(`/admin/waves/${wave.id}/edit`);
  expect(form.status).toBe(200);
  return browser.submit(form.forms.find((f) => f.action === `/admin/waves/${wave.id}`)!, fields);
}

const stored = (id: string) => t.app.db.selectFrom('waves').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditEntries = async (waveId: string) =>
  (await t.app.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'wave_updated').execute())
    .map((r) => JSON.parse(r.details) as { waveId: string; changes: Record<string, { before: unknown; after: unknown }>; unlinkedResponses?: number })
    .filter((d) => d.waveId === waveId);
const rawCsv = (waveId: string) => t.app.inject({ url: `/admin/results/${waveId}/download/csv`, headers: { cookie: researcher.cookie, accept: 'text/html' } });

describe('an opened anonymous wave', () => {
  it('refuses a lower minimum group size from the edit form with a Dutch message, and keeps the raw data withheld', async () => {
    const wave = await waveWithResponses({ anonymous: 1 }, 3);
    expect((await rawCsv(wave.id)).statusCode).toBe(403);
    const refused = await editWave(wave, { minCellSize: '1' });
    expect(refused.status).toBe(422);
    expect(textOf(refused.html)).toContain('Sinds de opening kan de minimale groepsgrootte alleen hoger worden, niet lager dan 5.');
    expect((await stored(wave.id)).min_cell_size).toBe(5);
    expect((await rawCsv(wave.id)).statusCode).toBe(403);
    expect(await auditEntries(wave.id)).toEqual([]);
  });

  it('stays anonymous when the form leaves the box unticked, and the service refuses loosening for any caller', async () => {
    const wave = await waveWithResponses({ anonymous: 1 }, 1);
    const page = await editWave(wave, { anonymous: null });
    expect(page.url).toBe(`/admin/waves/${wave.id}?opgeslagen`);
    expect((await stored(wave.id)).anonymous).toBe(1);
    const settings = { ...(await stored(wave.id)) };
    const ctx = { db: t.app.db, now: t.app.now(), actor: { system: 'cli' as const } };
    await expect(updateWave(ctx, wave, { ...settings, anonymous: 0 })).rejects.toMatchObject({ statusCode: 409, code: 'WAVE_LOCKED' });
    await expect(updateWave(ctx, wave, { ...settings, min_cell_size: 2 })).rejects.toMatchObject({ statusCode: 409, code: 'WAVE_LOCKED' });
    expect(await stored(wave.id)).toMatchObject({ anonymous: 1, min_cell_size: 5 });
  });

  it('accepts stricter settings and records every change with its value before and after', async () => {
    const wave = await waveWithResponses({ anonymous: 1 }, 0);
    const page = await editWave(wave, { minCellSize: '8', title: 'Partnerenquête najaar' });
    expect(page.url).toBe(`/admin/waves/${wave.id}?opgeslagen`);
    const entries = await auditEntries(wave.id);
    expect(entries).toHaveLength(1);
    // (the test wave closes at 09:00; the form's closing day ends at midnight, so that changes too)
    expect(entries[0]!.changes).toMatchObject({ min_cell_size: { before: 5, after: 8 }, title: { before: 'Testronde', after: 'Partnerenquête najaar' } });
    expect(Object.keys(entries[0]!.changes).sort()).toEqual(['closes_at', 'min_cell_size', 'title']);
  });
});

describe('an opened non-anonymous wave', () => {
  it('may become anonymous (stricter): the responses so far are unlinked, the change is recorded, and it cannot go back', async () => {
    const wave = await waveWithResponses({ anonymous: 0 }, 2);
    const linked = await t.app.db.selectFrom('responses').selectAll().where('wave_id', '=', wave.id).execute();
    expect(linked.every((r) => r.invitation_id !== null && r.participant_id !== null && r.submitted_at !== null)).toBe(true);

    const page = await editWave(wave, { anonymous: 'on', allowEdit: null });
    expect(page.url).toBe(`/admin/waves/${wave.id}?opgeslagen`);
    const responses = await t.app.db.selectFrom('responses').selectAll().where('wave_id', '=', wave.id).execute();
    expect(responses).toHaveLength(2);
    for (const r of responses) expect(r).toMatchObject({ invitation_id: null, participant_id: null, submitted_at: null });
    const invitations = await t.app.db.selectFrom('invitations').select(['status', 'completed_at']).where('wave_id', '=', wave.id).execute();
    expect(invitations).toEqual([
      { status: 'completed', completed_at: null },
      { status: 'completed', completed_at: null },
    ]);
    const [entry] = await auditEntries(wave.id);
    expect(entry!.changes.anonymous).toEqual({ before: 0, after: 1 });
    expect(entry!.unlinkedResponses).toBe(2);

    await editWave(wave, { anonymous: null });
    expect((await stored(wave.id)).anonymous).toBe(1);
  });
});

describe('a wave that has not opened', () => {
  it('changes freely as a concept or when launched for a later date: nobody has been invited under its promise yet', async () => {
    const day = 24 * 3600 * 1000;
    const later = { opens_at: new Date(t.app.now().getTime() + 7 * day).toISOString(), closes_at: new Date(t.app.now().getTime() + 30 * day).toISOString() };
    for (const overrides of [{ launched_at: null }, later]) {
      const wave = await waveWithResponses({ anonymous: 1, ...overrides }, 0);
      const page = await editWave(wave, { anonymous: null, minCellSize: '1' });
      expect(page.url).toBe(`/admin/waves/${wave.id}?opgeslagen`);
      expect(await stored(wave.id)).toMatchObject({ anonymous: 0, min_cell_size: 1 });
    }
  });
});
