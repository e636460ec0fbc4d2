/**
 * The whole path before launch in a real browser at 1280 px (issue 13, "Done when"): a questionnaire
 * with a fault is uploaded (the fault shown at its line, live in the editor and in the list), fixed in
 * the editor, previewed (routing panel), a concept wave is created, a test mail reaches the loopback
 * SMTP server and its link opens the preview, participants are imported, ten minutes of scheduler
 * passes send nothing, the launch is confirmed and the invitations go out (the wave's mail page counts
 * them as sent, the reminders waiting). Screenshots land in
 * tests/output/before-launch-*.png; the page must raise no error and no Content-Security-Policy
 * violation (the editor's styles included).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { createSmtpTransport, type SmtpTransport } from '../../server/mail/transport.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loginAs } from '../helpers/auth.js';
import { makeHouse } from '../helpers/factories.js';
import { launchChromium, listenOnLoopback } from '../helpers/browser.js';
import { proefInput } from '../helpers/proefQuestionnaire.js';
import { questionnaireJson } from '../helpers/questionnaire.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const outputDir = join(projectRoot, 'tests/output');

let t: TestApp;
let smtp: TestSmtpServer;
let transport: SmtpTransport;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  smtp = await startSmtpServer();
  transport = createSmtpTransport(smtp.url);
  // the scheduler's passes are driven by the test (the app's clock and mailer.runPass), never by waiting
  t = await createTestApp({ MAIL_INTERVAL_SECONDS: '0' }, { mailTransport: transport });
  base = await listenOnLoopback(t.app);
  await makeHouse(t.app, 'Veiligheidshuis Noord-Holland Noord');
  browser = await launchChromium();
  const who = await loginAs(t.app, 'researcher', { email: 'onderzoeker@veiligheidshuis.test', name: 'Olga Onderzoeker' });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(20_000);
  await context.addCookies([{ name: 'sid', value: who.cookie.replace(/^sid=/, ''), url: `${base}/admin` }]);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // the refused save answers 422 on purpose; anything else logged as an error is a problem
    if (/status of 422/.test(m.text())) return;
    if (m.type() === 'error' || /Content Security Policy|Refused to/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await transport?.close();
  await smtp?.close();
});

const shot = (name: string) => page.screenshot({ path: join(outputDir, `before-launch-${name}.png`), fullPage: true });

async function go(action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), action()]);
  await page.waitForLoadState('load');
}

/** A new version of the proef questionnaire with aspects, written as a researcher's file; `Q99` is a reference to nothing. */
function questionnaireFile(): string {
  const raw = structuredClone(proefInput) as Record<string, any>;
  raw.id = 'samenwerking';
  raw.version = '2026-1';
  raw.title = 'Samenwerking in het netwerk';
  raw.aspects = [{ id: 'overleg', label: 'Het overleg', items: ['M1_1', 'M1_2', 'M1_3'] }];
  raw.pages[4].blocks[1].showIf = { q: 'Q99', equals: 1 };
  const text = JSON.stringify(questionnaireJson(raw), null, 2);
  const file = join(outputDir, 'before-launch-samenwerking.json');
  writeFileSync(file, text);
  return file;
}

describe('before launch, in the browser at 1280 px', () => {
  it('walks from an uploaded questionnaire with a fault to launched invitations', { timeout: 240_000 }, async () => {
    // 1. upload a questionnaire with a fault: the editor underlines it live at its line
    await page.goto(`${base}/admin/questionnaires`);
    await go(() => page.getByRole('link', { name: 'Versie toevoegen' }).click());
    await page.waitForSelector('.json-editor-host[data-ready="true"]');
    const file = questionnaireFile();
    await page.setInputFiles('#bestand', file);
    await expect.poll(() => page.textContent('.editor-status'), { timeout: 20_000 }).toContain('1 fout');
    // the list under the editor names the place; its button jumps there (CodeMirror draws only the lines in view)
    const live = page.locator('.live-faults li');
    expect(await live.count()).toBe(1);
    expect(await live.first().textContent()).toMatch(/^Regel \d+, kolom 11 · pages\[4\]\.blocks\[1\]\.showIf refers to "Q99", which does not exist$/);
    await live.first().getByRole('button').click();
    const underline = page.locator('.json-editor-host .cm-lintRange-error');
    await underline.first().waitFor();
    expect(await underline.count()).toBe(1);
    expect(await underline.first().textContent()).toContain('"showIf"');
    const faultyLine = await page.locator('.json-editor-host .cm-line', { has: page.locator('.cm-lintRange-error') }).textContent();
    expect(faultyLine?.trim()).toMatch(/^"showIf": \{/);
    // the editor's own styles are in force (constructed style sheets, allowed by the CSP)
    expect(await page.locator('.json-editor-host .cm-editor').evaluate((el) => getComputedStyle(el).display)).toBe('flex');
    await page.locator('.json-editor-host').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outputDir, 'before-launch-1-editor-fault.png') });

    // saving anyway: refused, with the fault listed at its line
    await go(() => page.getByRole('button', { name: 'Opslaan' }).click());
    expect(await page.textContent('#fouten')).toContain('1 fout gevonden; er is niets opgeslagen.');
    const where = await page.textContent('.fault-where');
    expect(where).toMatch(/^Regel \d+, kolom 11 · pages\[4\]\.blocks\[1\]\.showIf$/);
    expect(await page.textContent('.fault-line')).toContain('"showIf": {');
    await shot('2-fault-list');

    // 2. fix it in the editor (search and replace) and save
    await page.waitForSelector('.json-editor-host[data-ready="true"]');
    await page.locator('.json-editor-host .cm-content').click();
    await page.keyboard.press('Control+f');
    await page.locator('.json-editor-host .cm-search input[name="search"]').fill('"Q99"');
    await page.locator('.json-editor-host .cm-search input[name="replace"]').fill('"Q9"');
    await page.locator('.json-editor-host .cm-search button[name="replaceAll"]').click();
    await expect.poll(() => page.textContent('.editor-status'), { timeout: 20_000 }).toContain('Geen fouten: Samenwerking in het netwerk (samenwerking, versie 2026-1).');
    expect(await underline.count()).toBe(0);
    await go(() => page.getByRole('button', { name: 'Opslaan' }).click());
    expect(page.url()).toBe(`${base}/admin/questionnaires/samenwerking/2026-1?added`);
    expect(await page.textContent('.notice')).toContain('De versie is gecontroleerd en opgeslagen.');
    await shot('3-version');

    // 3. preview it: the real pages, the routing panel
    await go(() => page.getByRole('link', { name: 'Bekijken als respondent' }).click());
    expect(await page.textContent('.preview-banner')).toContain('Testmodus – antwoorden worden niet bewaard');
    await go(() => page.getByRole('link', { name: 'Beginnen' }).click());
    await page.check('#f-Q1-1');
    await page.check('#f-Q2-0');
    await go(() => page.getByRole('button', { name: 'Volgende', exact: true }).click());
    const panel = page.locator('.preview-panel');
    expect(await panel.locator('li.skipped').first().textContent()).toContain('Stuurgroep');
    expect(await panel.textContent()).toContain('Staat op pagina ‘Stuurgroep’, die alleen wordt getoond als u bij vraag 2 ‘Ja’ koos.');
    await shot('4-preview-panel');
    await go(() => panel.getByRole('link', { name: 'Stuurgroep' }).click());
    expect(await page.textContent('main')).toContain('Met de antwoorden tot nu toe wordt deze pagina overgeslagen.');

    // 4. a concept wave of this version
    await page.goto(`${base}/admin/questionnaires/samenwerking/2026-1`);
    await go(() => page.getByRole('link', { name: 'Nieuwe ronde met deze versie' }).click());
    expect(await page.inputValue('#opens')).toBe('');
    await page.fill('#title', 'Samenwerking najaar 2026');
    await page.selectOption('#house', { label: 'Veiligheidshuis Noord-Holland Noord' });
    await page.fill('#opens', '2026-11-23');
    await page.fill('#closes', '2026-12-20');
    await page.fill('#senderName', 'Onderzoeksteam');
    await page.fill('#senderEmail', 'onderzoek@veiligheidshuis.test');
    await go(() => page.getByRole('button', { name: 'Concept aanmaken' }).click());
    const waveUrl = page.url();
    const waveId = waveUrl.split('/').pop()!;
    expect(await page.textContent('h1')).toContain('concept');
    expect(await page.textContent('.checklist')).toContain('Importeer de deelnemers: er is nog niemand om uit te nodigen.');

    // 5. a test mail to oneself, through the real SMTP transport, whose link opens the preview
    await go(() => page.getByRole('button', { name: 'Stuur mij een test' }).click());
    expect(await page.textContent('.notice-success')).toContain('Testberichten verstuurd naar onderzoeker@veiligheidshuis.test');
    await smtp.waitForMessages(2);
    expect(smtp.messages.map((m) => m.envelopeTo)).toEqual([['onderzoeker@veiligheidshuis.test'], ['onderzoeker@veiligheidshuis.test']]);
    expect(smtp.messages.map((m) => m.subject)).toEqual([
      '[TEST] Uitnodiging: enquête over de samenwerking – Veiligheidshuis Noord-Holland Noord',
      '[TEST] Herinnering: enquête over de samenwerking – Veiligheidshuis Noord-Holland Noord',
    ]);
    const testLink = /https?:\/\/\S+\/voorbeeld\/[A-Za-z0-9._-]+/.exec(smtp.messages[0]!.text)![0];
    const mailPage = await context.newPage();
    await mailPage.goto(`${base}${new URL(testLink).pathname}`);
    expect(await mailPage.textContent('.preview-banner')).toContain('Testmodus – antwoorden worden niet bewaard');
    expect(await mailPage.textContent('main')).toContain('Veiligheidshuis Noord-Holland Noord');
    await mailPage.screenshot({ path: join(outputDir, 'before-launch-5-test-link.png'), fullPage: true });
    await mailPage.close();

    // 6. import participants
    await page.goto(`${waveUrl}/participants/import`);
    await page.fill('#csv', 'email;naam;organisatie\nanna@politie.test;Anna;Politie\nbert@gemeente.test;Bert;Gemeente\ncees@zorg.test;Cees;Zorg\n');
    await go(() => page.getByRole('button', { name: 'Importeren' }).click());
    expect(await page.textContent('.notice')).toContain('3 deelnemers geïmporteerd.');
    await page.goto(waveUrl);
    expect(await page.textContent('.checklist')).toContain('3 deelnemers geïmporteerd; 3 krijgen een uitnodiging.');
    await shot('6-checklist');

    // 7. ten minutes of scheduler passes: nothing is mailed to a concept
    for (let minute = 1; minute <= 10; minute++) {
      t.setNow(new Date(Date.parse('2026-11-23T09:00:00Z') + minute * 60_000));
      const pass = await t.app.mailer.runPass();
      expect(pass.planned.invitations + pass.sent).toBe(0);
    }
    expect(smtp.messages).toHaveLength(2);
    expect(await t.app.db.selectFrom('mail_jobs').selectAll().where('wave_id', '=', waveId).execute()).toEqual([]);

    // 8. launch, with a confirmation that names the number and when they go out
    await page.reload();
    await go(() => page.getByRole('link', { name: 'Uitnodigingen versturen (3)' }).click());
    const confirm = await page.textContent('.confirm');
    expect(confirm).toContain('U verstuurt 3 uitnodigingen voor “Samenwerking najaar 2026”.');
    expect(confirm).toContain('De eerste gaan uit bij de volgende verzending');
    await shot('7-confirm');
    await go(() => page.getByRole('button', { name: 'Ja, verstuur 3 uitnodigingen' }).click());
    expect(await page.textContent('.notice-success')).toContain('De ronde is verstuurd. De 3 uitnodigingen gaan uit bij de volgende verzending');
    expect(await page.textContent('h1')).toContain('open');

    // 9. the next pass sends the invitations
    const pass = await t.app.mailer.runPass();
    expect(pass.sent).toBe(3);
    await smtp.waitForMessages(5);
    expect(smtp.messages.slice(2).map((m) => m.envelopeTo[0]).sort()).toEqual(['anna@politie.test', 'bert@gemeente.test', 'cees@zorg.test']);
    expect(smtp.messages[2]!.text).toMatch(/\/r\/[A-Za-z0-9_-]{43}/);
    await page.goto(waveUrl);
    expect(await page.textContent('h1')).toContain('open');
    await shot('8-launched');
    // the wave's mail page counts the three invitations as sent and the reminders as waiting
    await page.goto(`${waveUrl}/mail`);
    const counts = await page.evaluate(() => {
      const table = document.querySelector('main table')!;
      const heads = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent!.trim());
      return Array.from(table.querySelectorAll('tbody tr')).map((tr) => Object.fromEntries(Array.from(tr.children).map((cell, i) => [heads[i], cell.textContent!.trim()])));
    });
    expect(counts.map((r) => [r.Bericht, r.verstuurd, r.wacht])).toEqual([
      ['Uitnodiging', '3', '0'],
      ['Herinnering 1', '0', '3'],
      ['Herinnering 2', '0', '3'],
      ['Herinnering 3', '0', '3'],
    ]);
    await shot('9-mail-sent');
    expect(problems).toEqual([]);
  });
});
