/**
 * Finding 9 of issue 15: an open link created a new draft on every "Beginnen" POST, with a CSRF value
 * that can be used again: 290 drafts in 3 s from one client, kept until the wave was purged. The
 * attack is repeated here (one client without cookies, the same form value): only
 * OPEN_STARTS_PER_HOUR drafts are made per address and link, the rest get a Dutch 429; and
 * unfinished open-link drafts are removed by the server's maintenance pass after a while.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPEN_STARTS_PER_HOUR } from '../../server/routes/respondent/index.js';
import { EMPTY_OPEN_DRAFT_KEEP_DAYS, OPEN_DRAFT_KEEP_DAYS } from '../../server/services/maintenance.js';
import { hashToken, randomToken } from '../../server/security/tokens.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { Client, pageForm, textOf } from '../helpers/formClient.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  vi.useRealTimers();
});

const DAY = 24 * 3600 * 1000;

async function openWave(env: Record<string, string> = {}) {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir(), ...env });
  const token = randomToken();
  const wave = await makeWave(t.app, 'proef', { open_link_hash: hashToken(token), closes_at: new Date(t.app.now().getTime() + 90 * DAY).toISOString() });
  const intro = await t.app.inject({ url: `/o/${token}`, headers: { accept: 'text/html' } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(intro.body)![1]!;
  const start = (remoteAddress = '10.3.3.3') =>
    t!.app.inject({ method: 'POST', url: `/o/${token}/start`, remoteAddress, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}` });
  return { app: t.app, wave, token, start };
}

const drafts = () => t!.app.db.selectFrom('drafts').select(['id', 'invitation_id', 'values_json', 'updated_at']).execute();

describe('starting an open link again and again', () => {
  it('makes at most OPEN_STARTS_PER_HOUR drafts per address and link; the rest get a Dutch 429', async () => {
    const { start } = await openWave();
    const statuses: number[] = [];
    for (let i = 0; i < 290; i++) {
      const res = await start();
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(textOf(res.body)).toContain('Vanaf dit adres is deze vragenlijst in korte tijd al heel vaak begonnen.');
    }
    expect(statuses.filter((s) => s === 303)).toHaveLength(OPEN_STARTS_PER_HOUR);
    expect(statuses.slice(OPEN_STARTS_PER_HOUR).every((s) => s === 429)).toBe(true);
    expect(await drafts()).toHaveLength(OPEN_STARTS_PER_HOUR);

    // another address is not affected, and an hour later this one may start again
    expect((await start('10.4.4.4')).statusCode).toBe(303);
    t!.setNow(new Date(t!.app.now().getTime() + 3600_000));
    expect((await start()).statusCode).toBe(303);
    expect(await drafts()).toHaveLength(OPEN_STARTS_PER_HOUR + 2);
  });

  it('lets a visitor whose browser keeps the cookie continue the same draft without making another', async () => {
    const { app, token } = await openWave();
    const visitor = new Client(app);
    const intro = await visitor.get(`/o/${token}`);
    let page = await visitor.submit(intro.forms.find((f) => f.action.endsWith('/start'))!, {});
    page = await visitor.submit(pageForm(page), { Q1: '1', Q2: '0' }, 'Volgende');
    for (let i = 0; i < 5; i++) expect((await visitor.get(`/o/${token}`)).url).toBe(`/o/${token}/pagina/2?verder=1`);
    expect(await drafts()).toHaveLength(1);
  });
});

describe('unfinished open-link drafts', () => {
  it(`are removed by the server's own maintenance pass: empty ones after ${EMPTY_OPEN_DRAFT_KEEP_DAYS} day, others ${OPEN_DRAFT_KEEP_DAYS} days after their last save`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { app, wave, token, start } = await openWave({ MAINTENANCE_INTERVAL_MINUTES: '5' });
    const passes = vi.spyOn(app.maintenance, 'runPass');
    for (let i = 0; i < 3; i++) expect((await start()).statusCode).toBe(303);
    const visitor = new Client(app);
    let page = await visitor.submit((await visitor.get(`/o/${token}`)).forms.find((f) => f.action.endsWith('/start'))!, {});
    page = await visitor.submit(pageForm(page), { Q1: '1', Q2: '0' }, 'Volgende');
    // an invitee's draft is not the maintenance pass's business
    const invitee = await makeInvitee(app, wave);
    const own = new Client(app);
    await own.submit(pageForm(await own.get(`/r/${invitee.token}/pagina/1`)), { Q1: '2', Q2: '1' }, 'Volgende');
    expect(await drafts()).toHaveLength(5);

    const pass = async (days: number) => {
      t!.setNow(new Date(app.now().getTime() + days * DAY));
      const before = passes.mock.calls.length;
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      expect(passes.mock.calls.length).toBe(before + 1);
      return passes.mock.results.at(-1)!.value as Promise<{ expiredOpenDrafts: number; sealed: unknown[] }>;
    };
    expect(await pass(0)).toEqual({ expiredOpenDrafts: 0, sealed: [] });
    expect(await pass(EMPTY_OPEN_DRAFT_KEEP_DAYS + 1)).toEqual({ expiredOpenDrafts: 3, sealed: [] });
    expect((await drafts()).map((d) => JSON.parse(d.values_json) as object)).toEqual([
      { Q1: 1, Q1_other: null, Q2: 0 },
      { Q1: 2, Q1_other: null, Q2: 1 },
    ]);
    expect(await pass(OPEN_DRAFT_KEEP_DAYS)).toEqual({ expiredOpenDrafts: 1, sealed: [] });
    const left = await drafts();
    expect(left.map((d) => d.invitation_id)).toEqual([invitee.invitationId]);
  });
});
