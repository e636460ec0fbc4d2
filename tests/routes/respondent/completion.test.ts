/**
 * Nothing unanswered goes unnoticed, without JavaScript: the check page before sending lists per
 * page what was not answered, with links back, and the respondent may still send; the Stappenmeter's
 * completion rule (4 of 7 aspects scored) decides complete (AAPOR 1.1) or partial (1.2), and the
 * rates page and `wave rates` count it, in an anonymous wave without linking anyone to a response.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Wave } from '../../../server/db/database.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../../helpers/app.js';
import { loginAs } from '../../helpers/auth.js';
import { appEnvironment, cli, useCliEnvironment } from '../../helpers/cli.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';
import { Client, pageForm, textOf, type Page } from '../../helpers/formClient.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
useCliEnvironment(() => appEnvironment(t));
afterEach(async () => {
  await t.close();
});

const background = { Q2: '1', Q3: '4', Q63: '2' };

/** Statement codes of each matrix page of the Stappenmeter, in page order. */
async function matrixPages(): Promise<string[][]> {
  const q = await storedQuestionnaire(t.app, 'stappenmeter-doelbereik');
  return q.pages.map((p) => p.blocks.flatMap((b) => (b.type === 'likert' ? b.statements.map((s) => s.code) : []))).filter((c) => c.length > 0);
}

/** Walk the Stappenmeter to its check page: the background, then each matrix page with `answer(codes)`, then "nee" to contact. */
async function toCheck(client: Client, token: string, answer: (codes: string[], page: number) => Record<string, string>, first = background): Promise<Page> {
  let page = await client.get(`/r/${token}/pagina/1`);
  page = await client.submit(pageForm(page), first, 'Volgende');
  for (const [i, codes] of (await matrixPages()).entries()) page = await client.submit(pageForm(page), answer(codes, i), 'Volgende');
  page = await client.submit(pageForm(page), { Q29: '2' }, 'Volgende');
  expect(page.url).toBe(`/r/${token}/controle`);
  return page;
}

async function setup(overrides: Partial<Wave> = {}) {
  const wave = await makeWave(t.app, 'stappenmeter-doelbereik', overrides);
  return { wave, invitee: await makeInvitee(t.app, wave, { attributes: { organisatie: 'Politie' } }), client: new Client(t.app) };
}

describe('the check page before sending', () => {
  it('lists every unanswered statement per page with a link back, and still lets the respondent send: 0 of 48 is partial (1.2)', async () => {
    const { wave, invitee, client } = await setup();
    const check = await toCheck(client, invitee.token, () => ({}));
    const text = textOf(check.html);
    expect(check.status).toBe(200);
    expect(text).toContain('Pagina 10 van 10');
    expect(text).toContain('U hebt 48 van de 48 uitspraken niet beantwoord.');
    // one section per matrix page, with a link to the page and to each statement
    for (const [i, title] of ['Selectie', 'Voorbereiding', 'Informatiedeling', 'Bespreking', 'Samenwerking', 'Evaluatie', 'Rendement'].entries()) {
      expect(text).toContain(`Pagina ${i + 2}: ${title}`);
      expect(check.html).toContain(`<a href="/r/${invitee.token}/pagina/${i + 2}">Naar pagina ${i + 2}</a>`);
    }
    expect(check.html).toContain(`<a href="/r/${invitee.token}/pagina/2#st-Q6_1">Het doel van het overleg is helder</a>`);
    expect(text).toContain('Geen van de 13 uitspraken beantwoord.');
    expect(text).toContain('Geen van de 2 uitspraken beantwoord.');
    expect(text).toContain('Met deze antwoorden telt uw vragenlijst in het onderzoek als gedeeltelijk ingevuld.');
    // the background questions were answered; the contact question is no part of the response
    expect(text).not.toContain('Functie');
    expect(text).not.toContain('contact (via e-mail)');

    const thanks = await client.submit(pageForm(check), {}, 'Versturen');
    expect(thanks.url).toBe(`/r/${invitee.token}/klaar`);
    const [response] = await t.app.db.selectFrom('responses').selectAll().execute();
    expect(response).toMatchObject({ complete: 0, invitation_id: null });
    expect(await t.app.db.selectFrom('submission_counts').selectAll().execute()).toEqual([{ wave_id: wave.id, complete_persons: 0, partial_persons: 1 }]);

    // the rates page and wave rates count the person as partial, and say why
    const researcher = await loginAs(t.app, 'researcher');
    const ratesPage = await t.app.inject({ url: `/admin/waves/${wave.id}/rates`, headers: { accept: 'text/html', cookie: researcher.cookie } });
    const rates = textOf(ratesPage.body);
    expect(rates).toContain('RR1 0,0 % (0 van 1)');
    expect(rates).toContain('Gedeeltelijk ingevuld 1 personen (1 verstuurd met te weinig antwoorden voor volledig, 0 begonnen maar niet verstuurd)');
    expect(rates).toContain('1, waarvan 1 gedeeltelijk ingevuld');
    expect(rates).toContain('Volledig: een verstuurde vragenlijst telt als volledig ingevuld als minstens 4 van de 7 aspecten een score hebben');
    const cliRates = await cli('wave', 'rates', '--wave', wave.id, '--json');
    expect(cliRates.code, cliRates.stderr).toBe(0);
    expect(JSON.parse(cliRates.stdout)).toMatchObject({ completePersons: 0, partialPersons: 1, partialSent: 1, responses: 1, partialResponses: 1, rr1: 0, rr2: 1 });
  });

  it('counts "U hebt 12 van de 48 uitspraken niet beantwoord", sends the respondent back by a link and returns to the overview', async () => {
    const { invitee, client } = await setup();
    // every statement answered except the first two of each of the first six matrix pages
    const check = await toCheck(client, invitee.token, (codes, i) => Object.fromEntries(codes.filter((_, k) => i === 6 || k >= 2).map((c) => [c, '3'])));
    expect(textOf(check.html)).toContain('U hebt 12 van de 48 uitspraken niet beantwoord.');
    expect(textOf(check.html)).not.toContain('gedeeltelijk ingevuld');

    // follow the link of a statement, answer it, and go straight back to the overview
    const link = new RegExp(`<a href="(/r/${invitee.token}/pagina/2)#st-Q6_1">`).exec(check.html)?.[1];
    expect(link).toBeDefined();
    const page = await client.get(link!);
    const buttons = pageForm(page).controls.filter((c) => c.tag === 'button').map((c) => c.label);
    expect(buttons).toEqual(['Volgende', 'Naar het overzicht', 'Vorige']);
    const again = await client.submit(pageForm(page), { Q6_1: '4', Q7_1: '2' }, 'Naar het overzicht');
    expect(again.url).toBe(`/r/${invitee.token}/controle`);
    expect(textOf(again.html)).toContain('U hebt 10 van de 48 uitspraken niet beantwoord.');
    // the last page leads to the overview with Volgende already
    const last = await client.get(`/r/${invitee.token}/pagina/9`);
    expect(pageForm(last).controls.filter((c) => c.tag === 'button').map((c) => c.label)).toEqual(['Volgende', 'Vorige']);
    // opening the link again later comes back to the check page
    expect((await new Client(t.app).get(`/r/${invitee.token}`)).url).toBe(`/r/${invitee.token}/controle?verder=1`);

    await client.submit(pageForm(again), {}, 'Versturen');
    expect(await t.app.db.selectFrom('responses').select('complete').execute()).toEqual([{ complete: 1 }]);
  });

  it('counts a person partial by the linked responses in a wave that is not anonymous, and complete after a complete second response', async () => {
    const { wave, invitee, client } = await setup({ anonymous: 0 });
    let check = await toCheck(client, invitee.token, (codes, i) => (i < 3 ? Object.fromEntries(codes.map((c) => [c, '2'])) : {}));
    const thanks = await client.submit(pageForm(check), {}, 'Versturen');
    expect(await t.app.db.selectFrom('responses').select(['complete', 'invitation_id']).execute()).toEqual([{ complete: 0, invitation_id: invitee.invitationId }]);
    let rates = JSON.parse((await cli('wave', 'rates', '--wave', wave.id, '--json')).stdout);
    expect(rates).toMatchObject({ completePersons: 0, partialPersons: 1, partialSent: 1 });
    expect(rates.breakdowns[0].cells[0]).toMatchObject({ value: 'Politie', complete: 0, partial: 1 });

    const repeat = thanks.forms.find((f) => f.action.endsWith('/opnieuw'))!;
    await client.submit(repeat, {});
    check = await toCheck(client, invitee.token, (codes) => Object.fromEntries(codes.map((c) => [c, '3'])), { ...background, Q2: '2' });
    await client.submit(pageForm(check), {}, 'Versturen');
    rates = JSON.parse((await cli('wave', 'rates', '--wave', wave.id, '--json')).stdout);
    expect(rates).toMatchObject({ completePersons: 1, partialPersons: 0, responses: 2, partialResponses: 1 });
  });
});
