/**
 * "Bekijken als respondent": the real respondent pages, routing and validation under the test-mode
 * banner, a panel with every page and what the answers hide, jumps to any page, and nothing stored:
 * every table of the database file is compared before and after.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loginAs, type LoggedIn } from '../helpers/auth.js';
import { TableDigest } from '../helpers/databaseFile.js';
import { makeWave } from '../helpers/factories.js';
import { Client, pageForm, textOf } from '../helpers/formClient.js';
import { completeProef, page1 } from '../helpers/proefAnswers.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function researcherClient(who: LoggedIn): Client {
  const client = new Client(t!.app);
  client.cookies.set('sid', who.cookie.replace(/^sid=/, ''));
  return client;
}

/** Every row count of every table, to compare before and after. */
function rowCounts(digest: TableDigest): Record<string, string> {
  return digest.tables();
}

describe('the preview of a questionnaire version', () => {
  it('walks the real pages with routing and validation under the banner, and stores nothing in any table', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const who = await loginAs(t.app);
    await makeWave(t.app, 'proef');
    const digest = new TableDigest(t.config.databaseFile);
    const before = rowCounts(digest);
    const client = researcherClient(who);
    const base = '/admin/questionnaires/proef/1/bekijken';

    const intro = await client.get(base);
    expect(intro.status).toBe(200);
    expect(intro.html).toContain('Testmodus – antwoorden worden niet bewaard');
    expect(intro.html).toContain('Testmodus: uw antwoorden worden niet bewaard.');
    expect(intro.html).toContain(`href="${base}/pagina/1"`);

    // validation as for a respondent: a required question left open gives 422 with the message
    let page = await client.get(`${base}/pagina/1`);
    expect(page.html).toContain('class="preview-panel"');
    const invalid = await client.submit(pageForm(page), { Q1: null, Q2: '1' }, 'Volgende');
    expect(invalid.status).toBe(422);
    expect(invalid.html).toContain('Controleer uw antwoorden');

    // routing as for a respondent: "Nee" at Q2 hides the stuurgroep page, which the panel says in words
    page = await client.submit(pageForm(invalid), { ...page1, Q2: '0' }, 'Volgende');
    expect(page.url).toBe(`${base}/pagina/2`);
    expect(page.html).toMatch(/<li class="skipped">\s*<a href="[^"]+\/pagina\/3">Stuurgroep<\/a> <span class="preview-tag">overgeslagen<\/span>/);
    expect(page.html).toContain('Alleen als u bij vraag 2 ‘Ja’ koos.');
    expect(textOf(page.html)).toContain('vraag 5 ( Q3 ): Welke partners zitten in de stuurgroep? Staat op pagina ‘Stuurgroep’, die alleen wordt getoond als u bij vraag 2 ‘Ja’ koos.');

    // jump to a page the route skips: shown with a note; jump back to the first page
    const skipped = await client.get(`${base}/pagina/3`);
    expect(skipped.status).toBe(200);
    expect(skipped.html).toContain('Met de antwoorden tot nu toe wordt deze pagina overgeslagen.');
    expect(skipped.html).toContain('Welke partners zitten in de stuurgroep?');
    const back = await client.get(`${base}/pagina/1`);
    expect(back.html).toContain('aria-current="page">Over u</a>');
    expect(back.html).toMatch(/value="0" checked/);

    // all the way through to the end page, which says nothing was kept
    const end = await completeProef(client, base);
    expect(end.url).toBe(`${base}/klaar`);
    expect(end.html).toContain('Dit was de testmodus: er is niets opgeslagen.');
    expect(end.html).not.toContain('Uw antwoorden zijn opgeslagen.');

    // "Opnieuw beginnen" forgets the answers
    const restart = end.forms.find((f) => f.action === `${base}/opnieuw`)!;
    const fresh = await client.submit(restart, {});
    expect(fresh.url).toBe(base);
    expect((await client.get(`${base}/pagina/1`)).html).not.toMatch(/value="0" checked/);

    expect(rowCounts(digest)).toEqual(before);
    digest.close();
    expect(t.app.previews.size).toBeGreaterThan(0);
  });

  it('keeps each researcher’s preview apart and needs the admin session’s CSRF token', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const a = researcherClient(await loginAs(t.app));
    const b = researcherClient(await loginAs(t.app));
    const base = '/admin/questionnaires/proef/1/bekijken';
    const page = await a.get(`${base}/pagina/1`);
    await a.submit(pageForm(page), { ...page1 }, 'Volgende');
    expect((await b.get(`${base}/pagina/1`)).html).not.toContain('value="Zorgoverleg"');
    expect((await a.get(`${base}/pagina/1`)).html).toContain('value="Zorgoverleg"');
    const forged = await a.submit(pageForm(page), { _csrf: 'vals' }, 'Volgende');
    expect(forged.status).toBe(403);
  });

  it('previews a concept wave with its own house and anonymity, and refuses an evaluator', async () => {
    t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
    const wave = await makeWave(t.app, 'proef', { launched_at: null, house: 'Veiligheidshuis Fryslân', anonymous: 0 });
    const client = researcherClient(await loginAs(t.app));
    const intro = await client.get(`/admin/waves/${wave.id}/bekijken`);
    expect(intro.html).toContain('Veiligheidshuis Fryslân');
    expect(intro.html).toContain('vertrouwelijk behandeld');
    expect(intro.html).toContain('(concept)');
    // the footer's statements are those of the wave being previewed
    const privacy = await client.get(`/admin/waves/${wave.id}/bekijken/privacy`);
    expect(privacy.status).toBe(200);
    expect(privacy.html).toContain('Veiligheidshuis Fryslân');
    expect((await client.get(`/admin/waves/${wave.id}/bekijken/toegankelijkheid`)).status).toBe(200);
    const evaluator = await loginAs(t.app, 'evaluator');
    expect((await t.app.inject({ url: `/admin/waves/${wave.id}/bekijken`, headers: { cookie: evaluator.cookie, accept: 'text/html' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/admin/questionnaires/proef/1/bekijken', headers: { cookie: evaluator.cookie, accept: 'text/html' } })).statusCode).toBe(403);
  });
});
