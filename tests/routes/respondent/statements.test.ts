/**
 * They know who is asking, without JavaScript: the intro page names the sender, the organisation
 * and a contact address; a privacy statement generated from the wave and an accessibility statement
 * are linked from the footer of every respondent page, also when the wave is closed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Wave } from '../../../server/db/database.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';
import { Client, pageForm, textOf, type Page } from '../../helpers/formClient.js';
import { completeProef } from '../../helpers/proefAnswers.js';
import { questionnaireDir } from '../../helpers/proefQuestionnaire.js';
import { randomToken, hashToken } from '../../../server/security/tokens.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
});
afterEach(async () => {
  await t.close();
});

const sender = { sender_name: 'Anne de Vries', sender_organisation: 'Veiligheidshuis Noord-Holland Noord', sender_email: 'onderzoek@vhnhn.example' };

async function invitation(overrides: Partial<Wave> = {}) {
  const wave = await makeWave(t.app, 'proef', { ...sender, ...overrides });
  return { wave, ...(await makeInvitee(t.app, wave)) };
}

function expectFooter(page: Page, base: string): void {
  expect(page.html, page.url).toContain(`<footer class="site-footer">`);
  expect(page.html, page.url).toContain(`<a href="${base}/privacy">Privacyverklaring</a>`);
  expect(page.html, page.url).toContain(`<a href="${base}/toegankelijkheid">Toegankelijkheid</a>`);
}

describe('the intro page', () => {
  it('says who asks and why, gives a contact address and links both statements', async () => {
    const { token } = await invitation({ anonymous: 1 });
    const intro = await new Client(t.app).get(`/r/${token}`);
    const text = textOf(intro.html);
    expect(text).toContain('Wie vraagt dit, en waarom?');
    expect(intro.html).toContain('Deze vragenlijst komt van <strong>Anne de Vries (Veiligheidshuis Noord-Holland Noord)</strong>. Het onderzoek gaat over de samenwerking in Veiligheidshuis Testregio.');
    expect(text).toContain('groepen van minder dan 5 personen worden niet apart getoond');
    expect(text).toContain('Een korte proef.');
    expect(intro.html).toContain('<a href="mailto:onderzoek@vhnhn.example">onderzoek@vhnhn.example</a>');
    expect(text).toContain('Alleen als u aan het eind om contact vraagt, worden uw naam en e-mailadres bewaard, apart van uw antwoorden.');
    expect(intro.html).toContain(`<a href="/r/${token}/privacy">privacyverklaring</a>`);
    expect(intro.html).toContain(`<a href="/r/${token}/toegankelijkheid">toegankelijkheidsverklaring</a>`);
    expectFooter(intro, `/r/${token}`);
  });

  it('does not promise anonymity in a wave that is not anonymous', async () => {
    const { token } = await invitation({ anonymous: 0, sender_organisation: '' });
    const intro = await new Client(t.app).get(`/r/${token}`);
    const text = textOf(intro.html);
    expect(intro.html).toContain('Deze vragenlijst komt van <strong>Anne de Vries</strong>. Het onderzoek');
    expect(text).toContain('Ze worden niet anoniem opgeslagen: ze blijven aan uw uitnodiging gekoppeld.');
    expect(text).not.toContain('anoniem opgeslagen: ze zijn niet terug te voeren');
  });
});

describe('the privacy statement, generated from the wave', () => {
  it('of an anonymous invitation wave: what is stored, for how long, who sees what, how to opt out (and the opt-out link works)', async () => {
    const { token } = await invitation({ anonymous: 1, retention_days: 365, closes_at: '2026-12-20T22:59:59.999Z', min_cell_size: 7 });
    const page = await new Client(t.app).get(`/r/${token}/privacy`);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('Anne de Vries (Veiligheidshuis Noord-Holland Noord) doet dit onderzoek en is verantwoordelijk voor uw gegevens.');
    expect(text).toContain('Uw e-mailadres en naam, en de kenmerken die op de deelnemerslijst staan');
    expect(text).toContain('Na het versturen worden uw antwoorden anoniem opgeslagen: zonder naam, e-mailadres of link, en alleen met de datum, niet het tijdstip.');
    expect(text).toContain('worden 365 dagen na de sluiting van de vragenlijst (20 december 2026) verwijderd, op 20 december 2027.');
    expect(text).toContain('een groep van minder dan 7 personen wordt niet apart getoond');
    expect(text).toContain('de deelnemerslijst en wie heeft ingevuld, maar niet wat iemand heeft geantwoord');
    expect(text).toContain('Anoniem opgeslagen antwoorden zijn na het versturen niet meer aan u te koppelen.');
    expect(text).toContain('Autoriteit Persoonsgegevens');
    const optOut = /<a href="(\/optout\/[^"]+)">Meld u af<\/a>/.exec(page.html)?.[1];
    expect(optOut).toBeDefined();
    const confirm = await new Client(t.app).get(optOut!);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.html)).toContain('Afmelden');
    expectFooter(page, `/r/${token}`);
  });

  it('of a wave that is not anonymous and has no retention period', async () => {
    const { token } = await invitation({ anonymous: 0, allow_edit: 1, retention_days: null });
    const text = textOf((await new Client(t.app).get(`/r/${token}/privacy`)).html);
    expect(text).toContain('gekoppeld aan uw uitnodiging en met het tijdstip van versturen, zodat u ze tot de sluitingsdatum kunt wijzigen');
    expect(text).toContain('Voor deze vragenlijst is geen vaste bewaartermijn ingesteld.');
    expect(text).not.toContain('niet meer aan u te koppelen');
  });

  it('of an open link: no list, a cookie for the draft, nothing to opt out of', async () => {
    const openToken = randomToken();
    const wave = await makeWave(t.app, 'proef', { ...sender, open_link_hash: hashToken(openToken), retention_days: 30 });
    expect(wave.open_link_hash).not.toBeNull();
    const page = await new Client(t.app).get(`/o/${openToken}/privacy`);
    const text = textOf(page.html);
    expect(text).toContain('U bent via een open link gekomen: er is geen deelnemerslijst');
    expect(text).toContain('Een cookie in uw browser onthoudt welke antwoorden van u zijn');
    expect(text).toContain('Antwoorden die niet zijn verstuurd en contactgegevens worden 30 dagen na de sluiting');
    expect(page.html).not.toContain('/optout/');
    expectFooter(page, `/o/${openToken}`);
  });

  it('stays readable when the wave is closed, and the refusal page links it; an unknown link has none', async () => {
    const { token, wave } = await invitation();
    t.setNow(new Date(Date.parse(wave.closes_at) + 1000));
    const closed = await new Client(t.app).get(`/r/${token}`);
    expect(closed.status).toBe(410);
    expectFooter(closed, `/r/${token}`);
    expect((await new Client(t.app).get(`/r/${token}/privacy`)).status).toBe(200);
    expect((await new Client(t.app).get(`/r/${token}/toegankelijkheid`)).status).toBe(200);
    const unknown = await new Client(t.app).get(`/r/${'x'.repeat(43)}/privacy`);
    expect(unknown.status).toBe(404);
    expect(unknown.html).not.toContain('Privacyverklaring</a>');
    expect(unknown.html).toContain('<a href="/toegankelijkheid">Toegankelijkheid</a>');
  });
});

describe('the accessibility statement', () => {
  it('states the aim (WCAG 2.1 AA), what is tested and what not, and how to report a problem to the sender', async () => {
    const { token } = await invitation();
    const page = await new Client(t.app).get(`/r/${token}/toegankelijkheid`);
    const text = textOf(page.html);
    expect(text).toContain('WCAG) 2.1, niveau AA');
    expect(text).toContain('360 en 1280 pixels breed, met de toegankelijkheidstest axe-core');
    expect(text).toContain('dat alles ook werkt zonder JavaScript');
    expect(text).toContain('Er is geen onderzoek gedaan door een onafhankelijke deskundige');
    expect(page.html).toContain('<a href="mailto:onderzoek@vhnhn.example">onderzoek@vhnhn.example</a>');
    const general = await new Client(t.app).get('/toegankelijkheid');
    expect(general.status).toBe(200);
    expect(textOf(general.html)).toContain('Mail de afzender van uw uitnodiging');
  });
});

describe('the footer', () => {
  it('is on every respondent page: intro, questions, errors, check page, thank-you page, own answers', async () => {
    const { token } = await invitation();
    const base = `/r/${token}`;
    const client = new Client(t.app);
    expectFooter(await client.get(base), base);
    const first = await client.get(`${base}/pagina/1`);
    expectFooter(first, base);
    const faulty = await client.submit(pageForm(first), {}, 'Volgende');
    expect(faulty.status).toBe(422);
    expectFooter(faulty, base);
    const thanks = await completeProef(client, base);
    expectFooter(thanks, base);
    expectFooter(await client.get(`${base}/antwoorden`), base);
    const second = await invitation();
    const c2 = new Client(t.app);
    let page = await c2.get(`/r/${second.token}/pagina/1`);
    const pages: Array<Record<string, string>> = [{ Q1: '1', Q2: '0' }, { M1_1: '1', M1_2: '1', M1_3: '1' }, { Q6_a: '100' }, { Q9: '0' }];
    for (const fields of pages) page = await c2.submit(pageForm(page), fields, 'Volgende');
    expect(page.url).toBe(`/r/${second.token}/controle`);
    expectFooter(page, `/r/${second.token}`);
  });
});
