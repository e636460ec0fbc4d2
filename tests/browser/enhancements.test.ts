/**
 * Every question type in a real browser, with and without JavaScript: the small scripts enhance
 * (same-page follow-up questions, running total, exclusive options, "weet niet") but nothing depends
 * on them; axe-core finds no serious or critical violations on any page of the fixture questionnaire.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, listenOnLoopback, seriousViolations } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';

const outputDir = join(projectRoot, 'tests/output');

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
  base = await listenOnLoopback(t.app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});


/** axe runs inside the page, so only where scripts run; the DOM is the same without them. */
async function expectAccessible(page: Page, scripts: boolean): Promise<void> {
  if (scripts) expect(await seriousViolations(page)).toEqual([]);
  const name = new URL(page.url()).pathname.split('/').slice(3).join('-') || 'start';
  await page.screenshot({ path: join(outputDir, `proef-${scripts ? 'js' : 'nojs'}-${name}.png`), fullPage: true });
}

async function next(page: Page, label = 'Volgende'): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: label, exact: true }).click()]);
  await page.waitForLoadState('load');
}

async function hidden(page: Page, selector: string): Promise<boolean> {
  return !(await page.isVisible(selector));
}

describe.each([true, false])('every question type with JavaScript %s', (javaScriptEnabled) => {
  it('is answered, accessible and stored', { timeout: 120_000 }, async () => {
    const wave = await makeWave(t.app, 'proef');
    const { token } = await makeInvitee(t.app, wave);
    const context = await browser.newContext({ viewport: { width: 800, height: 900 }, javaScriptEnabled });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/r/${token}/pagina/1`);
    await expectAccessible(page, javaScriptEnabled);
    await page.check('#f-Q1-3');
    await page.fill('#f-Q1_other', 'Zorgoverleg');
    await page.check('#f-Q2-1');
    await next(page);

    // the matrix with a "geen oordeel" column
    for (const [code, value] of [['M1_1', 4], ['M1_2', 5], ['M1_3', 1], ['M2_2', 3]] as const) await page.check(`#f-${code}-${value}`);
    await expectAccessible(page, javaScriptEnabled);
    await next(page);

    // multiple choice with an exclusive option, a list and a number with "weet niet"
    await page.check('#f-Q3-1');
    await page.check('#f-Q3-4');
    if (javaScriptEnabled) {
      expect(await page.isChecked('#f-Q3-1')).toBe(false);
      await page.check('#f-Q3-2');
      expect(await page.isChecked('#f-Q3-4')).toBe(false);
      await page.check('#f-Q3-1');
    } else {
      // without the script the server says what is wrong
      await next(page);
      expect(await page.textContent('#err-Q3')).toContain('“Geen vaste partners” kunt u niet combineren met andere antwoorden.');
      await page.uncheck('#f-Q3-4');
      await page.check('#f-Q3-2');
    }
    await page.fill('#f-Q4_1', 'Alkmaar');
    await page.fill('#f-Q5', '30');
    await page.check('#f-Q5_weetniet');
    if (javaScriptEnabled) expect(await page.inputValue('#f-Q5')).toBe('');
    else await page.fill('#f-Q5', '');
    await expectAccessible(page, javaScriptEnabled);
    await next(page);

    // constant sum with a running total and a follow-up question on the same page
    if (javaScriptEnabled) {
      expect(await hidden(page, '#q-Q8')).toBe(true);
      await page.fill('#f-Q6_a', '50');
      await page.fill('#f-Q6_b', '40');
      expect((await page.textContent('.sum-total'))?.replace(/\s+/g, ' ').trim()).toBe('Totaal: 90 % van 100 %');
      expect(await page.getAttribute('.sum-total', 'class')).toContain('is-off');
      await page.fill('#f-Q6_c', '10');
      expect(await page.getAttribute('.sum-total', 'class')).not.toContain('is-off');
      expect(await hidden(page, '#q-Q8')).toBe(false);
      expect(await hidden(page, '.dependent-hint')).toBe(true);
    } else {
      expect(await hidden(page, '#q-Q8')).toBe(false);
      expect(await page.textContent('.dependent-hint')).toContain('Beantwoord deze vraag alleen als');
      expect(await hidden(page, '.sum-total')).toBe(true);
      await page.fill('#f-Q6_a', '50');
      await page.fill('#f-Q6_b', '40');
      await page.fill('#f-Q6_c', '10');
    }
    await page.fill('#f-Q8', 'Reistijd');
    await page.fill('#f-Q7', 'Prima');
    await expectAccessible(page, javaScriptEnabled);
    await next(page);

    // contact questions that follow an answer on the same page
    if (javaScriptEnabled) expect(await hidden(page, '#q-Q10_email')).toBe(true);
    await page.check('#f-Q9-1');
    expect(await hidden(page, '#q-Q10_email')).toBe(false);
    await page.fill('#f-Q10_naam', 'Jan');
    await page.fill('#f-Q10_email', 'jan@voorbeeld');
    await next(page);
    expect(await page.textContent('#err-Q10_email')).toContain('Dit is geen geldig e-mailadres.');
    expect(await page.getAttribute('#f-Q10_email', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#f-Q10_email', 'aria-describedby')).toBe('err-Q10_email');
    await expectAccessible(page, javaScriptEnabled);
    await page.fill('#f-Q10_email', 'jan@voorbeeld.nl');
    await next(page);
    // the check page: what is open, and the one place to send
    expect(page.url()).toMatch(/\/controle$/);
    await expectAccessible(page, javaScriptEnabled);
    await next(page, 'Versturen');
    expect(page.url()).toMatch(/\/klaar$/);
    await expectAccessible(page, javaScriptEnabled);
    await context.close();
    expect(errors).toEqual([]);

    const responses = await t.app.db.selectFrom('responses').select('id').execute();
    const latest = await t.app.db
      .selectFrom('answers')
      .selectAll()
      .where('response_id', 'in', responses.map((r) => r.id))
      .where('variable', 'in', ['Q3_1', 'Q3_2', 'Q3_4', 'Q5', 'Q6_c', 'Q8'])
      .execute();
    const perResponse = new Map<string, Record<string, number | string | null>>();
    for (const a of latest) perResponse.set(a.response_id, { ...perResponse.get(a.response_id), [a.variable]: a.num ?? a.txt });
    expect([...perResponse.values()]).toContainEqual({ Q3_1: 1, Q3_2: 1, Q3_4: 0, Q5: 999, Q6_c: 10, Q8: 'Reistijd' });
  });
});
