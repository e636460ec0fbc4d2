/**
 * The respondent points of issue 18 in a real browser (Debian's chromium), at 360 and 1280 px, with
 * an axe-core scan and a screenshot of every kind of page in tests/output/ and no sideways scrolling:
 * nothing typed is lost ("anders" typing chooses its option, out of the tab order until chosen; the
 * live total refuses what the server refuses, with its message), nothing unanswered goes unnoticed
 * (the check page, links back, sending a partial response), answering again for another overleg, the
 * thank-you page's own answers, and who asks (intro, privacy and accessibility statements). The same
 * "anders" rule without JavaScript is checked at the end.
 */
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftValues } from '../../server/db/repositories/drafts.js';
import { indexOf } from '../../server/domain/questionnaire/normalize.js';
import { moduleOf } from '../../server/domain/questionnaire/types/index.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../helpers/app.js';
import { launchChromium, listenOnLoopback, pageWidth, screenshotDir, seriousViolations } from '../helpers/browser.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';

let t: TestApp;
let browser: Browser;
let base: string;
const shots = screenshotDir();

beforeAll(async () => {
  t = await createTestApp();
  base = await listenOnLoopback(t.app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const sender = { sender_name: 'Anne de Vries', sender_organisation: 'Veiligheidshuis Noord-Holland Noord', sender_email: 'onderzoek@vhnhn.example', retention_days: 365 };

let invitationId = 0;

/** The link of a new invitee; `invitationId` is theirs. */
async function link(questionnaire: string): Promise<string> {
  const wave = await makeWave(t.app, questionnaire, sender);
  const invitee = await makeInvitee(t.app, wave);
  invitationId = invitee.invitationId;
  return `${base}/r/${invitee.token}`;
}

async function savedDraft() {
  return draftValues(await t.app.db.selectFrom('drafts').select('values_json').where('invitation_id', '=', invitationId).executeTakeFirstOrThrow());
}

async function open(width: number, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'nl-NL', javaScriptEnabled });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (422|404)/.test(m.text())) problems.push(m.text());
  });
  return { context, page, problems };
}

/** Screenshot, no sideways scrolling and, where scripts run, no serious or critical axe violation. */
async function look(page: Page, width: number, name: string, scripts = true): Promise<void> {
  expect(await pageWidth(page), `${name} at ${width} px`).toBeLessThanOrEqual(width);
  if (scripts) expect(await seriousViolations(page), name).toEqual([]);
  await page.screenshot({ path: join(shots, `respondent-${name}-${width}.png`), fullPage: true });
}

async function press(page: Page, label: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: label, exact: true }).click()]);
  await page.waitForLoadState('load');
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const textIn = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe.each([1280, 360])('at %i px', (width) => {
  it('loses nothing typed: "anders" chooses its option, is out of the tab order until then, and the live total applies the server rule', { timeout: 180_000 }, async () => {
    const start = await link('breedtescan-ketenmanagers');
    const { context, page, problems } = await open(width);
    await page.goto(start);
    await look(page, width, 'breedtescan-intro');
    await Promise.all([page.waitForURL(/pagina\/1$/), page.getByRole('link', { name: 'Beginnen' }).click()]);
    await page.fill('#f-Q1', 'Veiligheidshuis Testregio');
    await page.check('#f-Q2-2');
    await press(page, 'Volgende');
    await page.fill('#f-Q3_1', 'Woningcorporatie');
    await page.check('#f-Q4-2');
    await press(page, 'Volgende');

    // Q7: the "anders" box is no tab stop while "Anders" is not chosen …
    await page.check('#f-Q6-1');
    expect(await page.getAttribute('#f-Q7_other', 'tabindex')).toBe('-1');
    await page.focus('#f-Q7-1');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('f-Q8-1');
    await look(page, width, 'anders-inactief');
    // … and typing there chooses it at once
    await page.click('#f-Q7_other');
    await page.keyboard.type('Burgemeester');
    expect(await page.isChecked('#f-Q7-4')).toBe(true);
    expect(await page.getAttribute('#f-Q7_other', 'tabindex')).toBeNull();
    // choosing another answer sends nothing of the text: the respondent changed their mind
    await page.check('#f-Q6-3');
    await page.fill('#f-Q6_other', 'In oprichting');
    await page.check('#f-Q6-1');
    expect(await page.getAttribute('#f-Q6_other', 'tabindex')).toBe('-1');
    await press(page, 'Volgende');
    expect(page.url()).toMatch(/pagina\/4$/);
    expect(await savedDraft()).toMatchObject({ Q6: 1, Q6_other: null, Q7: 4, Q7_other: 'Burgemeester' });
    await press(page, 'Volgende');
    await page.check('#f-Q13-1');
    await press(page, 'Volgende');

    // multiple choice alike
    await page.click('#f-Q14_other');
    await page.keyboard.type('Radicalisering');
    expect(await page.isChecked('#f-Q14-3')).toBe(true);
    await press(page, 'Volgende');

    // the constant sum: 45,5 is not a whole number, live and on the server, with one message
    const message = 'Vul bij “door politie” een heel getal in, zonder komma.';
    await page.fill('#f-Q19_1', '45,5');
    await page.fill('#f-Q19_2', '54,5');
    expect(await textIn(page, '.sum-total')).toBe(`Totaal: ? % van 100 % – ${message}`);
    expect(await page.getAttribute('.sum-total', 'class')).toContain('is-off');
    expect(await textIn(page, '#tot-Q19')).toContain('Vul hele getallen in, zonder komma.');
    await look(page, width, 'verdeling-live');
    await press(page, 'Volgende');
    expect(await textIn(page, '#err-Q19')).toBe(`Fout: ${message}`);
    await look(page, width, 'verdeling-fout');

    // the same rule for every kind of input: the live total and the server agree
    const q19 = indexOf(await storedQuestionnaire(t.app, 'breedtescan-ketenmanagers')).question.get('Q19')!;
    for (const input of ['45', '45,0', '45.5', '40 %', '40%', '-3', '+7', '1.000', 'veertig', ' 12 ', '1e3', '100']) {
      await page.fill('#f-Q19_2', '');
      await page.fill('#f-Q19_1', input);
      const live = { total: await textIn(page, '.sum-current'), problem: (await textIn(page, '.sum-problem')).replace(/^– /, '') };
      const server = moduleOf(q19).parse({ Q19_1: input });
      const itemFault = 'error' in server && !server.error.startsWith('De verdeling telt op');
      if (itemFault) expect(live, input).toEqual({ total: '?', problem: server.error });
      else {
        expect(live.problem, input).toBe('');
        const parsed = 'values' in server ? server.values.Q19_1 : Number(live.total.replace(',', '.'));
        expect(live.total, input).toBe(String(parsed).replace('.', ','));
      }
    }
    await page.fill('#f-Q19_1', '100');
    await press(page, 'Volgende');

    // to the end: the last page thanks nobody yet
    let last = '';
    for (let i = 0; i < 12 && !page.url().endsWith('/controle'); i++) {
      last = await textIn(page, 'main');
      await press(page, 'Volgende');
    }
    expect(page.url()).toMatch(/\/controle$/);
    expect(last).toContain('Tot slot Dit waren alle vragen.');
    expect(last).not.toMatch(/bedankt|dank u wel/i);
    await look(page, width, 'breedtescan-controle');
    await press(page, 'Versturen');
    expect(await textIn(page, '.thanks')).toContain('Hartelijk bedankt voor uw medewerking. U wordt te zijner tijd door onze opdrachtgever WODC geïnformeerd');
    await context.close();
    expect(problems).toEqual([]);
  });

  it('lets nothing unanswered go unnoticed, sends a partial response, shows the own answers and answers again for another overleg', { timeout: 180_000 }, async () => {
    const start = await link('stappenmeter-doelbereik');
    const { context, page, problems } = await open(width);
    await page.goto(start);
    expect(await textIn(page, '.who')).toContain('Deze vragenlijst komt van Anne de Vries (Veiligheidshuis Noord-Holland Noord).');
    await look(page, width, 'intro');

    // the statements, from the footer
    await Promise.all([page.waitForLoadState('load'), page.locator('.site-footer').getByRole('link', { name: 'Privacyverklaring' }).click()]);
    expect(await textIn(page, 'h1')).toBe('Privacyverklaring');
    await look(page, width, 'privacy');
    await Promise.all([page.waitForLoadState('load'), page.locator('.site-footer').getByRole('link', { name: 'Toegankelijkheid' }).click()]);
    expect(await textIn(page, 'h1')).toBe('Toegankelijkheidsverklaring');
    await look(page, width, 'toegankelijkheid');
    await page.goto(start);

    await Promise.all([page.waitForURL(/pagina\/1$/), page.getByRole('link', { name: 'Beginnen' }).click()]);
    await page.check('#f-Q2-1');
    await page.check('#f-Q3-4');
    await page.selectOption('#f-Q63', '2');
    for (let i = 0; i < 9; i++) await press(page, 'Volgende');
    expect(page.url()).toMatch(/\/controle$/);
    expect(await textIn(page, '.check-summary')).toBe('U hebt 48 van de 48 uitspraken niet beantwoord.');
    expect(await textIn(page, 'label[for="voortgang"]')).toBe('Pagina 10 van 10');
    await look(page, width, 'controle');

    // a link back, an answer, straight back to the overview
    await page.locator('.check-page').first().locator('summary').click();
    await Promise.all([page.waitForURL(/pagina\/2#st-Q6_1$/), page.getByRole('link', { name: 'Het doel van het overleg is helder' }).click()]);
    await page.check('#f-Q6_1-4');
    await page.check('#f-Q7_1-3');
    await press(page, 'Naar het overzicht');
    expect(await textIn(page, '.check-summary')).toBe('U hebt 46 van de 48 uitspraken niet beantwoord.');
    expect(await textIn(page, 'main')).toContain('telt uw vragenlijst in het onderzoek als gedeeltelijk ingevuld');
    await press(page, 'Versturen');
    expect(page.url()).toMatch(/\/klaar$/);
    await look(page, width, 'bedankt');
    const [response] = await t.app.db.selectFrom('responses').selectAll().orderBy('submitted_on', 'desc').execute();
    expect(response?.complete).toBe(0);

    // the own answers: view and print, this session only
    await Promise.all([page.waitForURL(/\/antwoorden$/), page.getByRole('link', { name: 'Bekijk en print uw antwoorden' }).click()]);
    expect(await textIn(page, '.answer-list')).toContain('Functie Politiefunctionaris');
    expect(await page.isVisible('.print-button')).toBe(true);
    await look(page, width, 'eigen-antwoorden');
    await page.goBack();

    // another overleg: the round, the overleg done marked and disabled, function and attendance filled in
    await Promise.all([page.waitForURL(/pagina\/1$/), page.getByRole('button', { name: 'Ja, vul de vragenlijst in voor een ander overleg' }).click()]);
    expect(await textIn(page, '.repeat-round')).toBe('U vult de vragenlijst nu in voor een tweede overleg.');
    expect(await page.isDisabled('#f-Q2-1')).toBe(true);
    expect(await textIn(page, 'label[for="f-Q2-1"]')).toBe('Individueel casusoverleg (al ingevuld)');
    expect(await page.isChecked('#f-Q3-4')).toBe(true);
    expect(await page.inputValue('#f-Q63')).toBe('2');
    await look(page, width, 'ander-overleg');
    await context.close();
    expect(problems).toEqual([]);
  });
});

describe('without JavaScript', () => {
  it('chooses "anders" on the server when only its text was typed, and asks when another answer was chosen too', { timeout: 120_000 }, async () => {
    const start = await link('breedtescan-ketenmanagers');
    const { context, page } = await open(360, false);
    await page.goto(`${start}/pagina/1`);
    await page.fill('#f-Q1', 'Veiligheidshuis Testregio');
    await press(page, 'Volgende');
    await press(page, 'Volgende');
    // without scripts the box is an ordinary tab stop
    expect(await page.getAttribute('#f-Q7_other', 'tabindex')).toBeNull();
    await page.fill('#f-Q7_other', 'Burgemeester');
    await page.check('#f-Q6-2');
    await page.fill('#f-Q6_other', 'In oprichting');
    await press(page, 'Volgende');
    expect(await textIn(page, '#err-Q6')).toBe('Fout: U hebt “Nee” gekozen en ook iets ingevuld bij “Anders, namelijk”. Kies “Anders” of maak het tekstvak leeg.');
    expect(await page.inputValue('#f-Q6_other')).toBe('In oprichting');
    await look(page, 360, 'anders-zonder-js', false);
    await page.fill('#f-Q6_other', '');
    await press(page, 'Volgende');
    expect(page.url()).toMatch(/pagina\/4$/);
    expect(await savedDraft()).toMatchObject({ Q6: 2, Q7: 4, Q7_other: 'Burgemeester' });
    await context.close();
  });
});
