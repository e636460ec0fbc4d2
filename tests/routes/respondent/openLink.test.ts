import { afterEach, describe, expect, it } from 'vitest';
import { hashToken, randomToken } from '../../../server/security/tokens.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { makeWave } from '../../helpers/factories.js';
import { questionnaireDir } from '../../helpers/proefQuestionnaire.js';
import { Client, pageForm, textOf } from '../../helpers/formClient.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function setup() {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
  const openToken = randomToken();
  const wave = await makeWave(t.app, 'proef', { open_link_hash: hashToken(openToken) });
  return { app: t.app, wave, openToken };
}

describe('open link', () => {
  it('gives each visitor a fresh anonymous response, the draft id living in a path-scoped cookie', async () => {
    const { app, openToken } = await setup();
    const visitor = new Client(app);
    const intro = await visitor.get(`/o/${openToken}`);
    expect(intro.status).toBe(200);
    const start = intro.forms.find((f) => f.action === `/o/${openToken}/start`);
    if (!start) throw new Error('no start form');

    const startRes = await app.inject({
      method: 'POST',
      url: start.action,
      headers: { accept: 'text/html' },
      payload: { _csrf: start.controls.find((c) => c.name === '_csrf')?.value ?? '' },
    });
    expect(startRes.statusCode).toBe(303);
    const cookie = String(startRes.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^vh_concept=[A-Za-z0-9_-]{22}; .*Path=/o/${openToken}`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');

    visitor.cookies.set('vh_concept', /^vh_concept=([^;]+)/.exec(cookie)?.[1] ?? '');
    let page = await visitor.get(String(startRes.headers.location));
    expect(page.url).toBe(`/o/${openToken}/pagina/1`);
    page = await visitor.submit(pageForm(page), { Q1: '1', Q2: '0' }, 'Volgende');

    // a second visitor gets a draft of their own
    const other = new Client(app);
    const otherIntro = await other.get(`/o/${openToken}`);
    const otherFirst = await other.submit(otherIntro.forms[0]!, {});
    expect(otherFirst.html).not.toMatch(/checked/);
    expect(await app.db.selectFrom('drafts').selectAll().execute()).toHaveLength(2);

    // the first visitor comes back in the same browser and continues
    const back = await visitor.get(`/o/${openToken}`);
    expect(back.url).toBe(`/o/${openToken}/pagina/2?verder=1`);
    page = await visitor.submit(pageForm(back), { M1_1: '1', M1_2: '2', M1_3: '3' }, 'Volgende');
    page = await visitor.submit(pageForm(page), { Q6_a: '100' }, 'Volgende');
    page = await visitor.submit(pageForm(page), { Q9: '0' }, 'Volgende');
    expect(page.url).toBe(`/o/${openToken}/controle`);
    const thanks = await visitor.submit(pageForm(page), {}, 'Versturen');
    expect(thanks.url).toBe(`/o/${openToken}/klaar`);
    expect(textOf(thanks.html)).toContain('Dank voor het meedoen.');
    expect(visitor.cookies.has('vh_concept')).toBe(false);

    const responses = await app.db.selectFrom('responses').selectAll().execute();
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ invitation_id: null, participant_id: null, submitted_at: null });
    expect(await app.db.selectFrom('drafts').selectAll().execute()).toHaveLength(1);

    // coming back after completing starts over at the intro
    expect((await visitor.get(`/o/${openToken}`)).url).toBe(`/o/${openToken}`);
  });

  it('refuses an open link before its wave opens (403) and after it closes (410), also to a visitor with a draft', async () => {
    const { app, wave, openToken } = await setup();
    const visitor = new Client(app);
    const intro = await visitor.get(`/o/${openToken}`);
    const first = await visitor.submit(intro.forms[0]!, {});
    expect(first.url).toBe(`/o/${openToken}/pagina/1`);

    t!.setNow(new Date(Date.parse(wave.opens_at) - 1000));
    const early = await new Client(app).get(`/o/${openToken}`);
    expect(early.status).toBe(403);
    expect(textOf(early.html)).toContain('De vragenlijst is nog niet geopend.');

    t!.setNow(new Date(Date.parse(wave.closes_at) + 1000));
    for (const url of [`/o/${openToken}`, `/o/${openToken}/pagina/1`]) {
      const late = await visitor.get(url);
      expect(late.status, url).toBe(410);
      expect(textOf(late.html)).toContain('De vragenlijst is gesloten sinds');
    }
    const post = await visitor.submit(pageForm(first), { Q1: '1', Q2: '0' }, 'Volgende');
    expect(post.status).toBe(410);
    expect(await app.db.selectFrom('responses').selectAll().execute()).toEqual([]);
    const drafts = await app.db.selectFrom('drafts').selectAll().execute();
    expect(drafts.map((d) => d.values_json)).toEqual(['{}']);
  });

  it('sends visitors without a draft to the intro and refuses unknown links and forged starts', async () => {
    const { app, openToken } = await setup();
    const client = new Client(app);
    expect((await client.get(`/o/${openToken}/pagina/2`)).url).toBe(`/o/${openToken}`);
    const post = await app.inject({ method: 'POST', url: `/o/${openToken}/pagina/1`, payload: { Q1: '1' } });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe(`/o/${openToken}`);
    expect((await client.get(`/o/${randomToken()}`)).status).toBe(404);
    const forged = await app.inject({ method: 'POST', url: `/o/${openToken}/start`, headers: { accept: 'text/html' }, payload: {} });
    expect(forged.statusCode).toBe(403);
    // a cookie with someone else's (or a made-up) draft id finds nothing
    const guessed = await app.inject({ url: `/o/${openToken}/pagina/1`, headers: { cookie: 'vh_concept=bestaatniet' } });
    expect(guessed.statusCode).toBe(303);
    expect(await app.db.selectFrom('drafts').selectAll().execute()).toEqual([]);
  });
});
