/**
 * The Stappenmeter in a real browser (Debian's chromium driven by playwright-core), at 1280 px and at
 * 360 px: one validation error, one resume after closing the browser, the stored answers checked in
 * the database, a screenshot of each width in tests/output/, no horizontal scrolling at 360 px and an
 * axe-core scan of the matrix page without serious or critical violations.
 * Chromium is required: when it is missing this test fails (CI installs it).
 */
import { mkdirSync } from 'node:fs';
import { findWave } from '../../server/db/repositories/waves.js';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium, listenOnLoopback, seriousViolations } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';

const outputDir = join(projectRoot, 'tests/output');

let t: TestApp;
let browser: Browser;
let base: string;
let waveId: string;

beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  t = await createTestApp();
  waveId = (await makeWave(t.app, 'stappenmeter-doelbereik')).id;
  base = await listenOnLoopback(t.app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Statement codes per matrix page, in page order (from the questionnaire the wave runs). */
async function matrixPages(): Promise<string[][]> {
  const q = await storedQuestionnaire(t.app, 'stappenmeter-doelbereik');
  if (!q) throw new Error('Stappenmeter not loaded');
  return q.pages
    .map((p) => p.blocks.flatMap((b) => (b.type === 'likert' ? b.statements.map((s) => s.code) : [])))
    .filter((codes) => codes.length > 0);
}

/** The answer a respondent gives to a statement: a fixed pattern so the test can check it afterwards. */
function answerFor(code: string, i: number): number {
  if (code === 'Q17_2') return 5; // geen oordeel
  return (i % 4) + 1;
}

async function newContext(width: number): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width, height: 900 }, locale: 'nl-NL' });
}

/** Collect CSP violations and script errors: the pages must run without any. */
function watch(page: Page, problems: string[]): void {
  page.on('console', (msg) => {
    // the 422 of the deliberate validation error is reported by the browser as a failed load; 404s are reported with their path below
    if (msg.type() === 'error' && !/status of (422|404)/.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('response', (res) => {
    if (res.status() === 404) problems.push(`404 ${new URL(res.url()).pathname}`);
  });
}

async function expectNoHorizontalScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}


async function clickNext(page: Page, label = 'Volgende'): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: label, exact: true }).click()]);
  await page.waitForLoadState('load');
}

async function fillMatrixPage(page: Page, codes: string[], offset: number): Promise<void> {
  for (const [i, code] of codes.entries()) {
    await page.check(`#f-${code}-${answerFor(code, offset + i)}`);
  }
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent())?.trim() ?? '';
}

async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

async function progressText(page: Page): Promise<string> {
  return (await page.locator('label[for="voortgang"]').textContent())?.trim() ?? '';
}

describe.each([1280, 360])('the Stappenmeter at %i px', (width) => {
  it('is filled in with one validation error and one resume, and stored as answered', { timeout: 120_000 }, async () => {
    const { token } = await makeInvitee(t.app, (await findWave(t.app.db, waveId))!);
    const before = new Set((await t.app.db.selectFrom('responses').select('id').execute()).map((r) => r.id));
    const problems: string[] = [];
    const matrices = await matrixPages();

    let context = await newContext(width);
    let page = await context.newPage();
    watch(page, problems);
    await page.goto(`${base}/r/${token}`);
    expect(await text(page, 'h1')).toBe('Stappenmeter Doelbereik');
    await Promise.all([page.waitForURL(/\/pagina\/1$/), page.getByRole('link', { name: 'Beginnen' }).click()]);
    expect(await progressText(page)).toBe('Pagina 1 van 10');

    // the validation error: Q3 left open
    await page.check('#f-Q2-1');
    await page.selectOption('#f-Q63', { value: '4' });
    await clickNext(page);
    const summary = page.locator('.error-summary');
    expect(await summary.isVisible()).toBe(true);
    expect(await focusedId(page)).toBe('fouten');
    expect(await summary.getByRole('link').allTextContents()).toEqual(['Kies een antwoord.']);
    expect(await text(page, '#err-Q3')).toContain('Kies een antwoord.');
    // the other answers are kept
    expect(await page.isChecked('#f-Q2-1')).toBe(true);
    expect(await page.inputValue('#f-Q63')).toBe('4');
    await summary.getByRole('link').click();
    expect(await focusedId(page)).toBe('q-Q3');
    await page.screenshot({ path: join(outputDir, `stappenmeter-${width}-fout.png`), fullPage: true });
    await page.check('#f-Q3-4');
    await clickNext(page);
    expect(await progressText(page)).toBe('Pagina 2 van 10');

    // the first matrix page: keyboard, layout, screenshot, accessibility scan
    const first = matrices[0] ?? [];
    await page.focus(`#f-${first[0]}-1`);
    await page.keyboard.press('Space');
    expect(await page.isChecked(`#f-${first[0]}-1`)).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await page.isChecked(`#f-${first[0]}-2`)).toBe(true);
    expect(await focusedId(page)).toBe(`f-${first[0]}-2`);
    await fillMatrixPage(page, first, 0);
    if (width <= 600) {
      // cards: the statement above its stacked options, every option label visible
      expect(await page.isVisible('.matrix thead')).toBe(false);
      expect(await page.isVisible(`label[for="f-${first[0]}-1"] .opt-label`)).toBe(true);
    } else {
      expect(await page.isVisible('.matrix thead')).toBe(true);
      expect(await page.locator('.matrix-opts-head .opt-head').first().textContent()).toBe('helemaal niet');
    }
    await expectNoHorizontalScroll(page, width);
    await page.screenshot({ path: join(outputDir, `stappenmeter-${width}.png`), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await clickNext(page);

    // the second matrix page, then close the browser
    await fillMatrixPage(page, matrices[1] ?? [], 100);
    await clickNext(page);
    expect(page.url()).toMatch(/\/pagina\/4$/);
    await context.close();

    // the resume: a new browser, the same link
    context = await newContext(width);
    page = await context.newPage();
    watch(page, problems);
    await page.goto(`${base}/r/${token}`);
    expect(page.url()).toMatch(/\/pagina\/4\?verder=1$/);
    expect(await text(page, '.notice')).toContain('Welkom terug');
    await page.getByRole('button', { name: 'Vorige' }).click();
    await page.waitForURL(/\/pagina\/3$/);
    const second = matrices[1] ?? [];
    for (const [i, code] of second.entries()) expect(await page.isChecked(`#f-${code}-${answerFor(code, 100 + i)}`)).toBe(true);
    await clickNext(page);

    for (const [m, codes] of matrices.slice(2).entries()) {
      await fillMatrixPage(page, codes, 200 + m * 10);
      await expectNoHorizontalScroll(page, width);
      await clickNext(page);
    }
    expect(await progressText(page)).toBe('Pagina 9 van 10');
    await page.check('#f-Q29-1');
    // every page goes on with Volgende, whatever the answer; "ja" puts the contact page on the route
    await clickNext(page);
    expect(await progressText(page)).toBe('Pagina 10 van 11');
    await page.fill('#f-Q30_naam', `Tester ${width}`);
    await page.fill('#f-Q30_email', `tester${width}@example.nl`);
    await expectNoHorizontalScroll(page, width);
    await clickNext(page);
    expect(page.url()).toMatch(/\/controle$/);
    expect(await progressText(page)).toBe('Pagina 11 van 11');
    expect(await text(page, '.check-summary')).toBe('U hebt alle vragen beantwoord.');
    await clickNext(page, 'Versturen');
    expect(page.url()).toMatch(/\/klaar$/);
    expect(await text(page, 'h1')).toBe('Bedankt');
    expect(await text(page, '.repeat h2')).toBe('Wilt u de vragenlijst ook invullen voor een ander overleg?');
    await expectNoHorizontalScroll(page, width);
    await context.close();

    expect(problems).toEqual([]);

    // the stored response: background, every statement as answered, nothing of the contact questions
    const created = (await t.app.db.selectFrom('responses').selectAll().execute()).filter((r) => !before.has(r.id));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ invitation_id: null, participant_id: null, submitted_at: null });
    const rows = await t.app.db.selectFrom('answers').selectAll().where('response_id', '=', created[0]?.id ?? '').execute();
    const stored = Object.fromEntries(rows.map((r) => [r.variable, r.num ?? r.txt]));
    const expected: Record<string, number> = { Q2: 1, Q3: 4, Q63: 4 };
    const offsets = [0, 100, ...matrices.slice(2).map((_, m) => 200 + m * 10)];
    matrices.forEach((codes, m) => codes.forEach((code, i) => (expected[code] = answerFor(code, (offsets[m] ?? 0) + i))));
    expect(stored).toEqual(expected);
    expect(Object.keys(stored)).toHaveLength(3 + 48);
    const contacts = (await t.app.db.selectFrom('contacts').selectAll().execute()).map((c) => JSON.parse(c.values_json));
    expect(contacts).toContainEqual({ Q29: 1, Q30_naam: `Tester ${width}`, Q30_email: `tester${width}@example.nl` });
  });
});
