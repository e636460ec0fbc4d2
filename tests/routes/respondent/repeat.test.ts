/**
 * Answering again for another overleg, and the respondent's own answers after sending, without
 * JavaScript: the repeat says which round it is, marks the overleg already done (and refuses it),
 * and fills in function and attendance again — in an anonymous wave only from what this browser
 * sent in this session, never from anything stored. The thank-you page shows the answers sent in
 * this session, and nothing later.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Wave } from '../../../server/db/database.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';
import { Client, pageForm, textOf, type Page } from '../../helpers/formClient.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

/** The Stappenmeter from page 1 to the thank-you page: `first` on page 1, every statement "grotendeels", no contact. */
async function complete(client: Client, token: string, first: Record<string, string>): Promise<Page> {
  let page = await client.get(`/r/${token}/pagina/1`);
  page = await client.submit(pageForm(page), first, 'Volgende');
  expect(page.status, textOf(page.html).slice(0, 300)).toBe(200);
  for (let i = 0; i < 7; i++) {
    const statements = [...new Set(pageForm(page).controls.filter((c) => c.type === 'radio').map((c) => c.name))];
    page = await client.submit(pageForm(page), Object.fromEntries(statements.map((c) => [c, '3'])), 'Volgende');
  }
  page = await client.submit(pageForm(page), { Q29: '2' }, 'Volgende');
  return client.submit(pageForm(page), {}, 'Versturen');
}

function repeatForm(thanks: Page) {
  const form = thanks.forms.find((f) => f.action.endsWith('/opnieuw'));
  if (!form) throw new Error('no repeat offer');
  return form;
}

async function setup(overrides: Partial<Wave> = {}) {
  const wave = await makeWave(t.app, 'stappenmeter-doelbereik', overrides);
  return { wave, ...(await makeInvitee(t.app, wave)) };
}

describe('answering again for another overleg', () => {
  it('in an anonymous wave: says the round, marks and refuses the overleg done, fills in function and attendance from this session only', async () => {
    const { token } = await setup({ anonymous: 1 });
    const client = new Client(t.app);
    const thanks = await complete(client, token, { Q2: '1', Q3: '4', Q63: '2' });
    expect(textOf(thanks.html)).toContain('U hebt de vragenlijst één keer ingevuld, voor: Individueel casusoverleg.');

    const first = await client.submit(repeatForm(thanks), {});
    expect(first.url).toBe(`/r/${token}/pagina/1`);
    expect(textOf(first.html)).toContain('U vult de vragenlijst nu in voor een tweede overleg.');
    expect(first.html).toMatch(/<input type="radio" id="f-Q2-1" name="Q2" value="1" disabled>\s*<label for="f-Q2-1">Individueel casusoverleg <span class="done-mark">\(al ingevuld\)<\/span><\/label>/);
    // function and attendance are filled in again; the overleg is not
    expect(first.html).toMatch(/id="f-Q3-4" name="Q3" value="4" checked/);
    expect(first.html).toMatch(/<option value="2" selected>4<\/option>/);
    expect(first.html).not.toMatch(/name="Q2" value="\d" checked/);
    // nothing of the first response was stored with the new draft: it holds what the respondent saves, nothing else
    const draft = await t.app.db.selectFrom('drafts').select('values_json').executeTakeFirstOrThrow();
    expect(JSON.parse(draft.values_json)).toEqual({});

    // the overleg already done is refused, also when forged past the disabled radio
    const refused = await client.submit(pageForm(first), { Q2: '1' }, 'Volgende');
    expect(refused.status).toBe(422);
    expect(textOf(refused.html)).toContain('U hebt de vragenlijst al ingevuld voor “Individueel casusoverleg”. Kies waarvoor u haar nu invult.');
    const second = await complete(client, token, { Q2: '3' });
    expect(second.url).toBe(`/r/${token}/klaar`);
    const responses = await t.app.db.selectFrom('responses').selectAll().execute();
    expect(responses).toHaveLength(2);
    for (const r of responses) expect(r).toMatchObject({ invitation_id: null, participant_id: null, submitted_at: null });
    const answers = await t.app.db.selectFrom('answers').selectAll().where('variable', 'in', ['Q2', 'Q3', 'Q63']).execute();
    expect(answers.map((a) => `${a.variable}=${a.num}`).sort()).toEqual(['Q2=1', 'Q2=3', 'Q3=4', 'Q3=4', 'Q63=2', 'Q63=2']);
    expect(textOf(second.html)).toContain('U hebt de vragenlijst 2 keer ingevuld, voor: Individueel casusoverleg; Geclusterd volwassenenoverleg.');

    // another browser with the same link knows nothing of the first responses: no marks, nothing filled in
    const elsewhere = new Client(t.app);
    const thanksThere = await elsewhere.get(`/r/${token}/klaar`);
    expect(textOf(thanksThere.html)).toContain('U hebt de vragenlijst 2 keer ingevuld. Neemt u deel');
    const third = await elsewhere.submit(repeatForm(thanksThere), {});
    expect(textOf(third.html)).toContain('U vult de vragenlijst nu in voor een derde overleg.');
    expect(third.html).not.toMatch(/disabled|checked|selected/);
  });

  it('in a wave that is not anonymous: the marks and answers come from the linked responses, in any browser', async () => {
    const { token } = await setup({ anonymous: 0 });
    await complete(new Client(t.app), token, { Q2: '2', Q3: '6', Q63: '5' });
    const later = new Client(t.app);
    const thanks = await later.get(`/r/${token}/klaar`);
    expect(textOf(thanks.html)).toContain('voor: Geclusterd jeugdoverleg.');
    const first = await later.submit(repeatForm(thanks), {});
    expect(first.html).toMatch(/id="f-Q2-2" name="Q2" value="2" disabled/);
    expect(first.html).toMatch(/id="f-Q3-6" name="Q3" value="6" checked/);
    expect(first.html).toMatch(/<option value="5" selected>7<\/option>/);
  });

  it('keeps the "anders" overleg open: another one can be named each time', async () => {
    const { token } = await setup({ anonymous: 1 });
    const client = new Client(t.app);
    const thanks = await complete(client, token, { Q2: '6', Q2_other: 'Zorg- en veiligheidsoverleg', Q3: '4', Q63: '2' });
    expect(textOf(thanks.html)).toContain('voor: Anders: Zorg- en veiligheidsoverleg.');
    const first = await client.submit(repeatForm(thanks), {});
    expect(first.html).not.toMatch(/id="f-Q2-6"[^>]*disabled/);
    const next = await client.submit(pageForm(first), { Q2: '6', Q2_other: 'Buurtoverleg' }, 'Volgende');
    expect(next.url).toBe(`/r/${token}/pagina/2`);
  });
});

describe('the respondent\'s own answers', () => {
  it('are shown in words after sending, in this browser session only, and never later', async () => {
    const { token } = await setup({ anonymous: 1 });
    const client = new Client(t.app);
    const thanks = await complete(client, token, { Q2: '6', Q2_other: 'Zorgoverleg', Q3: '4', Q63: '20' });
    expect(textOf(thanks.html)).toContain('U kunt uw antwoorden nu bekijken en afdrukken of als pdf bewaren. Dat kan alleen nu, in deze browser: omdat de vragenlijst anoniem is, zijn ze later nergens meer op te vragen en worden ze ook niet gemaild.');
    const link = /<a class="button button-secondary" href="([^"]+)">Bekijk en print uw antwoorden<\/a>/.exec(thanks.html)?.[1];
    expect(link).toBe(`/r/${token}/antwoorden`);
    const mine = await client.get(link!);
    expect(mine.status).toBe(200);
    const text = textOf(mine.html);
    expect(text).toContain('Naam van het overleg waaraan u in de afgelopen 3 maanden het meest frequent hebt deelgenomen Anders: Zorgoverleg');
    expect(text).toContain('Functie Politiefunctionaris');
    expect(text).toContain('22 of meer');
    expect(text).toContain('Het doel van het overleg is helder: grotendeels');
    expect(text).toContain('Naar aanleiding van dit onderzoek wil ik contact (via e-mail) met de onderzoeker Nee');
    // the session cookie is httpOnly, for this link only, and gone when the browser closes
    const cookie = [...client.cookies.keys()].find((k) => k === 'vh_verstuurd');
    expect(cookie).toBeDefined();

    // another browser, or the same one an hour later, sees nothing
    const elsewhere = await new Client(t.app).get(link!);
    expect(elsewhere.status).toBe(404);
    expect(textOf(elsewhere.html)).toContain('Uw antwoorden zijn alleen direct na het versturen te zien, in dezelfde browser.');
    t.setNow(new Date(t.app.now().getTime() + 61 * 60_000));
    expect((await client.get(link!)).status).toBe(404);
    expect(textOf((await client.get(`/r/${token}/klaar`)).html)).not.toContain('Bekijk en print uw antwoorden');
  });
});
