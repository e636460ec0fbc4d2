import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { draftValues } from '../../../server/db/repositories/drafts.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';
import { questionnaireDir } from '../../helpers/proefQuestionnaire.js';
import { Client, pageForm, textOf, type Page } from '../../helpers/formClient.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

type WaveOverrides = Parameters<typeof makeWave>[2];

async function setup(waveOverrides: WaveOverrides = {}) {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
  const wave = await makeWave(t.app, 'proef', waveOverrides);
  const invitee = await makeInvitee(t.app, wave);
  return { app: t.app, wave, ...invitee, client: new Client(t.app) };
}

const page1 = { Q1: '3', Q1_other: 'Zorgoverleg', Q2: '1' };
const page2 = { M1_1: '4', M1_2: '3', M1_3: '5', M2_1: '2' };
const page3 = { Q3: ['1', '3'], Q3_other: 'Woningcorporatie', Q4_1: 'Hoorn', Q4_2: 'Enkhuizen', Q5: '40' };
const page4 = { Q6_a: '50', Q6_b: '30', Q6_c: '20', Q8: 'Reistijd', Q7: 'Goed\r\noverleg' };
const page5 = { Q9: '1', Q10_naam: 'Jan Jansen', Q10_email: 'jan@example.nl' };

async function next(client: Client, page: Page, fields: Record<string, string | string[] | null>): Promise<Page> {
  return client.submit(pageForm(page), fields, 'Volgende');
}

/** Send the response from the check page. */
async function send(client: Client, page: Page): Promise<Page> {
  return client.submit(pageForm(page), {}, 'Versturen');
}

/** Fill in the whole fixture questionnaire from the intro and send it from the check page; returns the thank-you page. */
async function complete(client: Client, token: string, p1: Record<string, string> = page1): Promise<Page> {
  let page = await client.get(`/r/${token}/pagina/1`);
  page = await next(client, page, p1);
  page = await next(client, page, page2);
  if (p1.Q2 === '1') page = await next(client, page, page3);
  page = await next(client, page, page4);
  page = await next(client, page, page5);
  return send(client, page);
}

async function invitation(app: FastifyInstance, id: number) {
  return app.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function answers(app: FastifyInstance) {
  const rows = await app.db.selectFrom('answers').selectAll().orderBy('variable').execute();
  return Object.fromEntries(rows.map((r) => [r.variable, { num: r.num, txt: r.txt }]));
}

describe('filling in the questionnaire', () => {
  it('opens the intro, walks the pages with progress and stores a typed, anonymous response', async () => {
    const { app, token, invitationId, client } = await setup();
    const intro = await client.get(`/r/${token}`);
    expect(intro.status).toBe(200);
    expect(intro.html).toContain('Een korte proef.');
    expect(intro.html).toContain('anoniem');
    expect(intro.html).toContain(`href="/r/${token}/pagina/1"`);

    let page = await client.get(`/r/${token}/pagina/1`);
    // four pages and the check page
    expect(textOf(page.html)).toContain('Pagina 1 van 5');
    expect(page.html).toMatch(/<progress id="voortgang" max="5" value="1">/);
    expect((await invitation(app, invitationId)).status).toBe('invited');

    page = await next(client, page, page1);
    expect(page.url).toBe(`/r/${token}/pagina/2`);
    // answering "ja" on Q2 put the stuurgroep page on the route
    expect(textOf(page.html)).toContain('Pagina 2 van 6');
    expect((await invitation(app, invitationId)).status).toBe('started');

    page = await next(client, page, page2);
    expect(textOf(page.html)).toContain('Welke partners zitten in de stuurgroep?');
    page = await next(client, page, page3);
    page = await next(client, page, page4);
    expect(textOf(page.html)).toContain('Pagina 5 van 6');
    // the last page goes on like every other; sending is done on the check page
    const buttons = pageForm(page).controls.filter((c) => c.tag === 'button').map((c) => c.label);
    expect(buttons).toEqual(['Volgende', 'Vorige']);
    page = await next(client, page, page5);
    expect(page.url).toBe(`/r/${token}/controle`);
    expect(textOf(page.html)).toContain('Pagina 6 van 6');
    expect(textOf(page.html)).toContain('U hebt 1 van de 5 uitspraken niet beantwoord.');
    expect(await app.db.selectFrom('responses').selectAll().execute()).toEqual([]);

    const thanks = await send(client, page);
    expect(thanks.url).toBe(`/r/${token}/klaar`);
    expect(thanks.status).toBe(200);
    expect(textOf(thanks.html)).toContain('Dank voor het meedoen.');

    const responses = await app.db.selectFrom('responses').selectAll().execute();
    expect(responses).toHaveLength(1);
    const [response] = responses;
    expect(response).toMatchObject({ invitation_id: null, participant_id: null, submitted_at: null, submitted_on: '2026-11-23' });
    expect(response?.id).toMatch(/^[0-9a-f]{32}$/);

    expect(await answers(app)).toEqual({
      Q1: { num: 3, txt: null },
      Q1_other: { num: null, txt: 'Zorgoverleg' },
      Q2: { num: 1, txt: null },
      M1_1: { num: 4, txt: null },
      M1_2: { num: 3, txt: null },
      M1_3: { num: 5, txt: null },
      M2_1: { num: 2, txt: null },
      Q3_1: { num: 1, txt: null },
      Q3_2: { num: 0, txt: null },
      Q3_3: { num: 1, txt: null },
      Q3_4: { num: 0, txt: null },
      Q3_other: { num: null, txt: 'Woningcorporatie' },
      Q4_1: { num: null, txt: 'Hoorn' },
      Q4_2: { num: null, txt: 'Enkhuizen' },
      Q5: { num: 40, txt: null },
      Q6_a: { num: 50, txt: null },
      Q6_b: { num: 30, txt: null },
      Q6_c: { num: 20, txt: null },
      Q7: { num: null, txt: 'Goed\noverleg' },
      Q8: { num: null, txt: 'Reistijd' },
    });
    // contact answers live apart, with nothing that links them to the response
    const contacts = await app.db.selectFrom('contacts').selectAll().execute();
    expect(contacts).toHaveLength(1);
    expect(Object.keys(contacts[0] ?? {}).sort()).toEqual(['id', 'values_json', 'wave_id']);
    expect(JSON.parse(contacts[0]?.values_json ?? '')).toEqual({ Q9: 1, Q10_naam: 'Jan Jansen', Q10_email: 'jan@example.nl' });
    expect(contacts[0]?.id).not.toBe(response?.id);

    expect(await app.db.selectFrom('drafts').selectAll().execute()).toEqual([]);
    expect(await invitation(app, invitationId)).toMatchObject({ status: 'completed', responses_count: 1, completed_at: null });
  });

  it('continues where the respondent stopped when the link is opened again, answers filled in', async () => {
    const { token, client } = await setup();
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await next(client, page, page1);
    page = await next(client, page, page2);
    expect(page.url).toBe(`/r/${token}/pagina/3`);

    // a new browser: no cookies, only the link
    const later = new Client(t!.app);
    const resumed = await later.get(`/r/${token}`);
    expect(resumed.url).toBe(`/r/${token}/pagina/3?verder=1`);
    expect(textOf(resumed.html)).toContain('Welkom terug');
    const back = await later.submit(pageForm(resumed), {}, 'Vorige');
    expect(back.url).toBe(`/r/${token}/pagina/2`);
    expect(back.html).toMatch(/id="f-M1_1-4" name="M1_1" value="4" checked/);
    expect(back.html).toMatch(/id="f-M1_3-5" name="M1_3" value="5" checked/);
    const first = await later.submit(pageForm(back), {}, 'Vorige');
    expect(first.html).toMatch(/id="f-Q1-3" name="Q1" value="3" checked/);
    expect(first.html).toContain('value="Zorgoverleg"');
  });

  it('re-renders a faulty page with 422, each message next to its question and every answer kept', async () => {
    const { token, client, app } = await setup();
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await next(client, page, page1);
    const faulty = await next(client, page, { M1_1: '4', M1_3: '1', M2_1: '2' });
    expect(faulty.status).toBe(422);
    expect(faulty.url).toBe(`/r/${token}/pagina/2`);
    expect(faulty.html).toMatch(/<div class="error-summary" role="alert"/);
    expect(faulty.html).toContain('<a href="#q-M1">Kies ook een antwoord bij “De agenda is helder”.</a>');
    expect(faulty.html).toMatch(/<fieldset class="question likert has-error" id="q-M1" tabindex="-1" aria-describedby="err-M1">/);
    expect(faulty.html).toContain('<p class="field-error" id="err-M1"><span class="vh">Fout: </span>Kies ook een antwoord bij “De agenda is helder”.</p>');
    expect(faulty.html).toMatch(/name="M1_1" value="4" checked/);
    expect(faulty.html).toMatch(/name="M1_3" value="1" checked/);
    expect(faulty.html).toMatch(/name="M2_1" value="2" checked/);
    expect(faulty.html).not.toMatch(/name="M1_2" value="\d" checked/);

    page = await next(client, faulty, page2);
    page = await next(client, page, page3);
    const sum = await next(client, page, { Q6_a: '50', Q6_b: '40', Q7: 'mijn opmerking' });
    expect(sum.status).toBe(422);
    expect(textOf(sum.html)).toContain('De verdeling telt op tot 90 %; dat moet 100 % zijn.');
    expect(sum.html).toMatch(/id="f-Q6_a" name="Q6_a" value="50"/);
    expect(sum.html).toContain('>mijn opmerking</textarea>');
    // the valid answers of a faulty page are saved too; the faulty question keeps no invalid value
    const draft = await app.db.selectFrom('drafts').selectAll().executeTakeFirstOrThrow();
    expect(draftValues(draft)).toMatchObject({ Q7: 'mijn opmerking' });
    expect(draftValues(draft).Q6_a).toBeUndefined();
    expect(draft.page).toBe(3);
  });

  it('skips a page the route hides and drops its answers when a changed answer hides it', async () => {
    const { token, client, app } = await setup();
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await next(client, page, page1);
    page = await next(client, page, page2);
    page = await next(client, page, page3);
    expect(page.url).toBe(`/r/${token}/pagina/4`);
    page = await client.submit(pageForm(page), {}, 'Vorige');
    page = await client.submit(pageForm(page), {}, 'Vorige');
    page = await client.submit(pageForm(page), {}, 'Vorige');
    expect(page.url).toBe(`/r/${token}/pagina/1`);

    page = await next(client, page, { Q2: '0' });
    const draft = await app.db.selectFrom('drafts').selectAll().executeTakeFirstOrThrow();
    expect(draftValues(draft)).not.toHaveProperty('Q5');
    expect(draftValues(draft)).not.toHaveProperty('Q3_1');
    expect(textOf(page.html)).toContain('Pagina 2 van 5');
    page = await next(client, page, {});
    expect(page.url).toBe(`/r/${token}/pagina/4`);
    expect(textOf(page.html)).toContain('Pagina 3 van 5');
    // the hidden page cannot be opened by URL
    const hidden = await client.get(`/r/${token}/pagina/3`);
    expect(hidden.url).toBe(`/r/${token}/pagina/4`);

    page = await next(client, page, page4);
    page = await next(client, page, { Q9: '0' });
    await send(client, page);
    const stored = await answers(app);
    expect(stored.Q2).toEqual({ num: 0, txt: null });
    expect(Object.keys(stored).filter((k) => /^Q[345]/.test(k))).toEqual([]);
  });

  it('saves what was typed when going back, without requiring anything and without invalid values', async () => {
    const { token, client, app } = await setup();
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await next(client, page, page1);
    const back = await client.submit(pageForm(page), { M1_1: '2' }, 'Vorige');
    expect(back.status).toBe(200);
    expect(back.url).toBe(`/r/${token}/pagina/1`);
    let draft = await app.db.selectFrom('drafts').selectAll().executeTakeFirstOrThrow();
    expect(draftValues(draft)).toMatchObject({ M1_1: 2, Q1: 3 });
    expect(draft.page).toBe(0);

    page = await next(client, back, {});
    const invalid = await client.submit(pageForm(page), { M1_1: '9', M1_2: '1' }, 'Vorige');
    expect(invalid.status).toBe(200);
    draft = await app.db.selectFrom('drafts').selectAll().executeTakeFirstOrThrow();
    // the invalid matrix is not taken; its earlier answer stays
    expect(draftValues(draft)).toMatchObject({ M1_1: 2, M1_2: null });
  });

  it('asks a same-page follow-up question only when its condition holds', async () => {
    const { token, client, app } = await setup();
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await next(client, page, { Q1: '1', Q2: '0' });
    page = await next(client, page, page2);
    expect(page.html).toContain('data-show-if="{&quot;q&quot;:&quot;Q6_c&quot;,&quot;gt&quot;:0}"');
    expect(textOf(page.html)).toContain('Beantwoord deze vraag alleen als u bij “Verdeel uw tijd: Overig (%)” meer dan 0 hebt ingevuld.');

    const missing = await next(client, page, { Q6_a: '80', Q6_c: '20' });
    expect(missing.status).toBe(422);
    expect(missing.html).toContain('<a href="#q-Q8">Vul hier uw antwoord in.</a>');

    const notApplicable = await next(client, missing, { Q6_a: '100', Q6_c: '', Q8: 'niet van toepassing' });
    expect(notApplicable.url).toBe(`/r/${token}/pagina/5`);
    const draft = await app.db.selectFrom('drafts').selectAll().executeTakeFirstOrThrow();
    expect(draftValues(draft)).toMatchObject({ Q6_a: 100, Q6_b: 0, Q6_c: 0 });
    expect(draftValues(draft)).not.toHaveProperty('Q8');
  });

  it('re-checks the whole response at submit and sends the respondent to an open required question', async () => {
    const { token, client, app } = await setup();
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await next(client, page, { Q1: '1', Q2: '0' });
    page = await next(client, page, page2);
    page = await next(client, page, page4);
    page = await next(client, page, { Q9: '0' });
    // a required answer vanishes behind the respondent's back (e.g. an older tab saved over it)
    const draft = await app.db.selectFrom('drafts').selectAll().executeTakeFirstOrThrow();
    const { M1_2: _gone, ...rest } = draftValues(draft);
    await app.db.updateTable('drafts').set({ values_json: JSON.stringify(rest) }).execute();
    const check = await client.get(`/r/${token}/controle`);
    expect(textOf(check.html)).toContain('De agenda is helder (verplicht)');
    const fault = await send(client, check);
    expect(fault.status).toBe(422);
    expect(fault.html).toContain('<a href="#q-M1">Kies ook een antwoord bij “De agenda is helder”.</a>');
    expect(pageForm(fault).action).toBe(`/r/${token}/pagina/2`);
    expect(await app.db.selectFrom('responses').selectAll().execute()).toEqual([]);
  });
});

describe('after completion', () => {
  it('shows the thank-you page on the link and never stores a second submission', async () => {
    const { token, client, app } = await setup();
    let page = await client.get(`/r/${token}/pagina/1`);
    const oldForm = pageForm(page);
    await complete(client, token);
    expect((await client.get(`/r/${token}`)).url).toBe(`/r/${token}/klaar`);
    expect((await client.get(`/r/${token}/pagina/2`)).url).toBe(`/r/${token}/klaar`);
    // an old tab posting again
    page = await client.submit(oldForm, page1, 'Volgende');
    expect(page.url).toBe(`/r/${token}/klaar`);
    expect(await app.db.selectFrom('responses').selectAll().execute()).toHaveLength(1);
    expect(await app.db.selectFrom('drafts').selectAll().execute()).toHaveLength(0);
  });

  it('stores a double-clicked submit once', async () => {
    const { token, client, app, invitationId } = await setup();
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await next(client, page, { Q1: '1', Q2: '0' });
    page = await next(client, page, page2);
    page = await next(client, page, page4);
    page = await next(client, page, { Q9: '0' });
    const form = pageForm(page);
    const payload = new URLSearchParams({ _csrf: form.controls.find((c) => c.name === '_csrf')?.value ?? '', _action: 'submit' }).toString();
    const post = () =>
      app.inject({ method: 'POST', url: form.action, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload });
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    expect([a.headers.location, b.headers.location]).toEqual([`/r/${token}/klaar`, `/r/${token}/klaar`]);
    expect(await app.db.selectFrom('responses').selectAll().execute()).toHaveLength(1);
    expect(await app.db.selectFrom('contacts').selectAll().execute()).toHaveLength(1);
    expect((await invitation(app, invitationId)).responses_count).toBe(1);
  });

  it('offers a second response for another overleg under the same invitation, up to the maximum', async () => {
    const { token, client, app, invitationId } = await setup();
    const thanks = await complete(client, token);
    expect(textOf(thanks.html)).toContain('Wilt u de vragenlijst ook invullen voor een ander overleg?');
    const repeatForm = thanks.forms.find((f) => f.action === `/r/${token}/opnieuw`);
    if (!repeatForm) throw new Error('no repeat form');
    const fresh = await client.submit(repeatForm, {});
    expect(fresh.url).toBe(`/r/${token}/pagina/1`);
    expect(fresh.html).not.toMatch(/checked/);
    expect(await invitation(app, invitationId)).toMatchObject({ status: 'completed', responses_count: 1 });

    const second = await complete(client, token, { Q1: '2', Q2: '0' });
    expect(await app.db.selectFrom('responses').selectAll().execute()).toHaveLength(2);
    expect(await invitation(app, invitationId)).toMatchObject({ status: 'completed', responses_count: 2 });
    // maxResponses is 2: no further offer, and a forged request is refused
    expect(textOf(second.html)).not.toContain('ander overleg');
    const refused = await client.submit(repeatForm, {});
    expect(refused.status).toBe(409);
    expect(textOf(refused.html)).toContain('geen nieuwe vragenlijst meer beginnen');
  });

  it('keeps the link in a non-anonymous wave and lets the respondent edit until the wave closes', async () => {
    const { token, client, app, invitationId, participant, wave } = await setup({ anonymous: 0, allow_edit: 1 });
    const thanks = await complete(client, token);
    const [response] = await app.db.selectFrom('responses').selectAll().execute();
    expect(response).toMatchObject({ invitation_id: invitationId, participant_id: participant.id, submitted_on: '2026-11-23', submitted_at: '2026-11-23T09:00:00.000Z' });
    expect((await invitation(app, invitationId)).completed_at).toBe('2026-11-23T09:00:00.000Z');

    const editForm = thanks.forms.find((f) => f.action === `/r/${token}/wijzigen`);
    if (!editForm) throw new Error('no edit form');
    let page = await client.submit(editForm, {});
    expect(textOf(page.html)).toContain('U wijzigt uw eerder verstuurde antwoorden');
    expect(page.html).toMatch(/id="f-Q1-3" name="Q1" value="3" checked/);
    // the stored "anders" text goes with the change of mind: without JavaScript the respondent empties it
    page = await next(client, page, { Q1: '1', Q1_other: '' });
    page = await next(client, page, {});
    page = await next(client, page, {});
    page = await next(client, page, {});
    page = await next(client, page, {});
    await send(client, page);

    const responses = await app.db.selectFrom('responses').selectAll().execute();
    expect(responses).toHaveLength(1);
    const stored = await answers(app);
    expect(stored.Q1).toEqual({ num: 1, txt: null });
    expect(stored.Q1_other).toBeUndefined();
    expect(stored.M1_1).toEqual({ num: 4, txt: null });
    expect((await invitation(app, invitationId)).responses_count).toBe(1);

    t!.setNow(new Date(Date.parse(wave.closes_at) + 1000));
    const closed = await client.get(`/r/${token}/klaar`);
    expect(closed.status).toBe(410);
    expect(textOf(closed.html)).toContain('U hebt de vragenlijst ingevuld');
  });

  it('never offers editing in an anonymous wave: the response has no link back', async () => {
    const { token, client, app } = await setup({ anonymous: 1, allow_edit: 1 });
    const thanks = await complete(client, token);
    expect(thanks.forms.some((f) => f.action.endsWith('/wijzigen'))).toBe(false);
    const repeat = thanks.forms.find((f) => f.action.endsWith('/opnieuw'));
    if (!repeat) throw new Error('no form');
    const [response] = await app.db.selectFrom('responses').select('id').execute();
    const forged = await client.submit({ ...repeat, action: `/r/${token}/wijzigen` }, { response: response?.id ?? '' });
    expect(forged.status).toBe(409);
  });
});

describe('links that cannot be used', () => {
  it('answers unknown, not yet open, closed and opted-out links with clear Dutch pages', async () => {
    const { app, token, participant, wave } = await setup();
    const client = new Client(app);
    const unknown = await client.get('/r/ditisgeenbestaandetokenAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(textOf(unknown.html)).toContain('Deze link is niet (meer) geldig.');
    expect((await client.get('/r/kort')).status).toBe(404);
    expect((await client.get(`/r/${token}/pagina/abc`)).status).toBe(404);

    t!.setNow(new Date(Date.parse(wave.opens_at) - 1000));
    const early = await client.get(`/r/${token}`);
    expect(early.status).toBe(403);
    expect(textOf(early.html)).toMatch(/De vragenlijst is nog niet geopend\. U kunt haar invullen vanaf \d+ \w+ 2026/);

    t!.setNow(new Date(Date.parse(wave.closes_at) + 1000));
    const late = await client.get(`/r/${token}/pagina/1`);
    expect(late.status).toBe(410);
    expect(textOf(late.html)).toContain('De vragenlijst is gesloten sinds');

    t!.setNow('2026-11-23T09:00:00Z');
    await app.db.updateTable('participants').set({ opted_out_at: '2026-11-23T08:00:00Z' }).where('id', '=', participant.id).execute();
    const optedOut = await client.get(`/r/${token}`);
    expect(optedOut.status).toBe(410);
    expect(textOf(optedOut.html)).toContain('U hebt zich afgemeld voor dit onderzoek.');
    for (const page of [unknown, early, late, optedOut]) {
      expect(page.html).not.toMatch(/at .*\.ts:\d+|Error:|stack/i);
    }

    const api = await app.inject({ url: `/r/${token}` });
    expect(api.statusCode).toBe(410);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('answers the link of a participant marked not eligible with 403 and a Dutch page, and stores nothing', async () => {
    const { app, token, participant } = await setup();
    await app.db.updateTable('participants').set({ eligible: 0 }).where('id', '=', participant.id).execute();
    const client = new Client(app);
    for (const url of [`/r/${token}`, `/r/${token}/pagina/1`]) {
      const page = await client.get(url);
      expect(page.status, url).toBe(403);
      expect(textOf(page.html)).toContain('Volgens onze gegevens valt u buiten de groep voor wie deze vragenlijst bedoeld is.');
    }
    const post = await app.inject({ method: 'POST', url: `/r/${token}/pagina/1`, headers: { accept: 'text/html' }, payload: { Q1: '1', Q2: '0', _action: 'next' } });
    expect(post.statusCode).toBe(403);
    expect(await app.db.selectFrom('drafts').selectAll().execute()).toEqual([]);
    const api = await app.inject({ url: `/r/${token}` });
    expect(api.statusCode).toBe(403);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses a POST without a valid CSRF field with 403 and stores nothing', async () => {
    const { app, token, wave } = await setup();
    const other = await makeInvitee(app, wave);
    const form = { Q1: '1', Q2: '0' };
    const none = await app.inject({ method: 'POST', url: `/r/${token}/pagina/1`, headers: { accept: 'text/html' }, payload: { ...form, _action: 'next' } });
    expect(none.statusCode).toBe(403);
    expect(textOf(none.body)).toContain('Dit formulier kon niet worden verwerkt');
    // a CSRF field taken from another invitation's page
    const otherPage = await new Client(app).get(`/r/${other.token}/pagina/1`);
    const foreign = pageForm(otherPage).controls.find((c) => c.name === '_csrf')?.value ?? '';
    const wrong = await app.inject({ method: 'POST', url: `/r/${token}/pagina/1`, headers: { accept: 'text/html' }, payload: { ...form, _action: 'next', _csrf: foreign } });
    expect(wrong.statusCode).toBe(403);
    expect(await app.db.selectFrom('drafts').selectAll().execute()).toEqual([]);
  });

  it('rate-limits token lookups per IP', async () => {
    const { app } = await setup();
    let last = 0;
    let refused: Awaited<ReturnType<typeof app.inject>> | undefined;
    for (let i = 0; i < 301; i++) {
      const res = await app.inject({ url: `/r/onbekendetokenonbekendetoken${i}`, headers: { accept: 'text/html' } });
      last = res.statusCode;
      // below the limit no X-RateLimit-* headers (left out on respondent routes); the refusal has them
      if (i === 0) expect(res.headers['x-ratelimit-remaining']).toBeUndefined();
      if (i < 300) expect(last).toBe(404);
      else refused = res;
    }
    expect(last).toBe(429);
    expect(refused?.headers['retry-after']).toBeDefined();
    expect(refused?.headers['x-ratelimit-limit']).toBe('300');
    expect(refused?.body).toContain('Te veel verzoeken');
  });
});

describe('page security', () => {
  it('sends a CSP without inline scripts and pages without inline script or style', async () => {
    const { token, client, app } = await setup();
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await next(client, page, page1);
    const res = await app.inject({ url: `/r/${token}/pagina/2`, headers: { accept: 'text/html' } });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    for (const html of [res.body, page.html]) {
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(html).not.toMatch(/\sstyle=/);
      expect(html).not.toMatch(/\son[a-z]+=/);
    }
    expect(res.body).toContain('<script src="/static/respondent.js" defer></script>');
    const js = await app.inject({ url: '/static/respondent.js' });
    expect(js.statusCode).toBe(200);
  });
});
