/**
 * The results pages in a real browser at 1280 px: the demo data loaded into a fresh app on a loopback
 * port, a sign-in through the real login form (with two-factor enrolment at the first login and a
 * code computed here as an authenticator app would), the results page (summary first, in-page
 * navigation, answer distributions), a redaction of an open answer by a researcher as an evaluator
 * then reads it, the printed report as a PDF from Chromium (rendered to PNG with pdftoppm: summary
 * alone on page 1, a table of contents whose page numbers are the pages the sections start on, page
 * numbers and the running header), the comparison, and what a house's evaluator sees (their house,
 * and the other houses only as the pooled benchmark; the comparison's tables fit their box at 1280 px,
 * and at 390 px the page does not scroll sideways); each saved in tests/output/. Fails, never
 * skips, without chromium or poppler-utils.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, listenOnLoopback, pageWidth, seriousViolations, tablesWiderThanBox, watchedPage } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { DEFAULT_DEMO_PASSWORD, DEMO_EMAIL, DEMO_EVALUATOR_EMAIL, loadDemo, type DemoWaveSummary } from '../../server/services/demo.js';
import { projectRoot } from '../../server/config.js';
import { createTestApp, storedQuestionnaires, type TestApp } from '../helpers/app.js';

const CHROMIUM = '/usr/bin/chromium';
const outputDir = join(projectRoot, 'tests/output');

let t: TestApp;
let browser: Browser;
let base: string;
let waves: DemoWaveSummary[];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is needed for the browser tests and was not found at ${CHROMIUM}`);
  mkdirSync(outputDir, { recursive: true });
  t = await createTestApp();
  const questionnaires = await storedQuestionnaires(t.app);
  const demo = await loadDemo(t.app.db, t.app.secrets, questionnaires, { password: DEFAULT_DEMO_PASSWORD, now: t.app.now() });
  if (demo.status !== 'loaded') throw new Error('demo not loaded');
  waves = demo.waves;
  base = await listenOnLoopback(t.app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const waveId = (key: string) => waves.find((w) => w.key === key)!.id;


/** The TOTP secrets of the demo accounts, as their phones would have them after enrolment. */
const phones = new Map<string, string>();

/** Password, then the second step: enrolment the first time (the secret read from the page), a code after that. */
async function signIn(page: Page, email: string, landing: RegExp): Promise<void> {
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', DEFAULT_DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/login\/(enrol|code)/), page.click('button[type=submit]')]);
  // every login a new 30-second step: a code is accepted once
  t.setNow(new Date(t.app.now().getTime() + 30_000));
  const code = async (secret: string) => generate({ secret, epoch: Math.floor(t.app.now().getTime() / 1000) });
  if (new URL(page.url()).pathname === '/admin/login/enrol') {
    const secret = ((await page.locator('.totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    phones.set(email, secret);
    expect(await page.locator('figure.qr-code svg').isVisible()).toBe(true);
    if (phones.size === 1) await screenshot(page, 'two-factor-enrol.png');
    await page.fill('input[name=code]', await code(secret));
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    expect(await page.locator('ul.recovery-codes li').count()).toBe(10);
    await Promise.all([page.waitForURL(landing), page.click('a.button')]);
  } else {
    await page.fill('input[name=code]', await code(phones.get(email)!));
    await Promise.all([page.waitForURL(landing), page.click('button[type=submit]')]);
  }
}

async function signedInPage(width: number, email = DEMO_EMAIL): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await watchedPage(browser, width, { height: 1000, failedResponses: true });
  await page.goto(`${base}/admin/results`);
  expect(new URL(page.url()).pathname).toBe('/admin/login');
  await signIn(page, email, /\/admin\/results$/);
  return { page, problems };
}

async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(outputDir, name);
  await page.screenshot({ path, fullPage: true });
  expect(statSync(path).size).toBeGreaterThan(10_000);
  return path;
}

/** The text of every page of a PDF (pdftotext from poppler-utils, layout kept), first page first. */
function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== '');
}

/** Every page of a PDF as a PNG in tests/output/ (pdftoppm), in page order. */
function renderPages(file: string, prefix: string): string[] {
  for (const old of readdirSync(outputDir).filter((f) => f.startsWith(`${prefix}-`))) rmSync(join(outputDir, old));
  execFileSync('pdftoppm', ['-r', '60', '-png', file, join(outputDir, prefix)]);
  return readdirSync(outputDir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => join(outputDir, f));
}

describe('results pages in chromium', () => {
  it('shows the results of the demo wave with charts, tables and no errors', { timeout: 120_000 }, async () => {
    const { page, problems } = await signedInPage(1280);
    await screenshot(page, 'results-list.png');
    await Promise.all([page.waitForLoadState('load'), page.click(`a[href="/admin/results/${waveId('demo-2025')}"]`)]);
    expect(await page.locator('h1').textContent()).toBe('Stappenmeter najaar 2025');
    expect(await page.locator('text=48,0 % (73 / 152)').count()).toBe(1);

    // the page leads with the summary: response in words, scores with intervals, last year, all houses
    const first = page.locator('.results-content > section').first();
    expect(await first.getAttribute('id')).toBe('r-samenvatting');
    expect(await first.locator('ul.key-facts li').first().textContent()).toContain('Respons 48,0 %: van de 152 uitgenodigde personen');
    const summaryHeader = await first.locator('table thead th').allTextContents();
    expect(summaryHeader).toEqual(['Aspect', 'Score', '95%-interval', 'n', 'Vorige ronde', 'Verschil met vorige ronde', 'Andere huizen (gepoold)', 'Verschil met andere huizen']);
    expect(await first.locator('table tbody tr').count()).toBe(8);
    const summaryBox = await first.boundingBox();
    expect(summaryBox!.y).toBeLessThan(1000);

    // the in-page navigation stays beside the sections at 1280 px and takes the reader to each
    const nav = page.locator('nav.page-nav');
    expect(await nav.locator('a').allTextContents()).toEqual([
      'Samenvatting',
      'Respons',
      'Scores per aspect',
      'Verdeling van de antwoorden',
      'Betrouwbaarheid',
      'Scores naar groep',
      'Uitspraken',
      'Frequentietabellen',
      'Open antwoorden',
      'Verantwoording',
      'Downloads',
    ]);
    await nav.locator('a', { hasText: 'Verdeling van de antwoorden' }).click();
    await page.waitForFunction(() => location.hash === '#r-verdeling');
    const section = await page.locator('#r-verdeling').boundingBox();
    expect(Math.abs(section!.y)).toBeLessThan(50);
    const navBox = await nav.boundingBox();
    expect(navBox!.y).toBeGreaterThanOrEqual(0);
    expect(navBox!.y).toBeLessThan(200);
    expect(navBox!.x + navBox!.width).toBeLessThan(section!.x);
    await page.screenshot({ path: join(outputDir, 'results-wave-distribution.png') });

    // the charts are drawn: every svg has a size and its bars are laid out
    const charts = page.locator('svg.chart');
    // the curve, the scores, two per background variable, and a distribution per aspect
    expect(await charts.count()).toBe(2 + 2 * 3 + 7);
    for (let i = 0; i < (await charts.count()); i++) {
      const box = await charts.nth(i).boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(100);
    }
    const bar = await page.locator('svg.chart rect.bar').first().boundingBox();
    expect(bar!.width).toBeGreaterThan(50);
    // the breakdown table fits its container (scrolls inside it at worst)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'results-wave.png');
    await page.screenshot({ path: join(outputDir, 'results-wave-top.png') });
    await page.locator('table.breakdown').screenshot({ path: join(outputDir, 'results-wave-table3.png') });
    await page.locator('figure.chart-figure').nth(3).screenshot({ path: join(outputDir, 'results-wave-figure.png') });
    // a diverging bar per statement: negative answers left of the zero line, geen oordeel apart
    const informatiedeling = page.locator('.distribution-block', { has: page.locator('caption', { hasText: 'Informatiedeling' }) });
    expect(await informatiedeling.locator('svg rect.segment').count()).toBeGreaterThan(20);
    expect(await informatiedeling.locator('svg text', { hasText: 'geen oordeel' }).count()).toBeGreaterThan(0);
    await informatiedeling.screenshot({ path: join(outputDir, 'results-distribution-informatiedeling.png') });
    expect(problems).toEqual([]);
  });

  it('lets a researcher take a name out of an open answer, which the evaluator then reads without it', { timeout: 120_000 }, async () => {
    const breedtescan = waveId('breedtescan-2025');
    const original = 'Goed dat deze inventarisatie er is.';
    // the demo's remarks box; the researcher makes one of them name a person first, as a respondent might
    const { response_id } = await t.app.db.selectFrom('answers').select('response_id').where('variable', '=', 'opmerkingen').where('txt', '=', original).executeTakeFirstOrThrow();
    await t.app.db.updateTable('answers').set({ txt: 'Goed dat deze inventarisatie er is, zegt Piet Jansen van de gemeente Demostad.' }).where('response_id', '=', response_id).where('variable', '=', 'opmerkingen').execute();

    const { page, problems } = await signedInPage(1280);
    await page.goto(`${base}/admin/results/${breedtescan}#r-open`);
    await Promise.all([page.waitForURL(/\/open\/opmerkingen$/), page.click('a[href$="/open/opmerkingen"]')]);
    await page.screenshot({ path: join(outputDir, 'results-open-item.png'), fullPage: true });
    const row = page.locator('table.coding tbody tr', { hasText: 'Piet Jansen' });
    await Promise.all([page.waitForURL(/\/antwoord\//), row.locator('a', { hasText: 'afschermen of inkorten' }).click()]);
    // a changed word is refused, with the text kept
    await page.fill('#f-text', 'Goed dat deze inventarisatie er is, zegt [naam] van de provincie.');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=redact]')]);
    expect(await page.locator('.field-error').textContent()).toContain('staat zo niet in het antwoord');
    // the refusal is a 422 response, as it should be: not a problem of the page
    expect(problems.splice(0).every((p) => p.includes('422'))).toBe(true);
    await page.fill('#f-text', 'Goed dat deze inventarisatie er is, zegt [naam] van [organisatie].');
    await page.screenshot({ path: join(outputDir, 'results-open-redact.png'), fullPage: true });
    await Promise.all([page.waitForURL(/opgeslagen=antwoord/), page.click('button[value=redact]')]);
    expect(await page.locator('table.coding tbody tr', { hasText: 'Piet Jansen' }).locator('td.answer').nth(1).textContent()).toBe('Goed dat deze inventarisatie er is, zegt [naam] van [organisatie].ingekort');
    expect(problems).toEqual([]);

    const evaluator = await signedInPage(1280, DEMO_EVALUATOR_EMAIL);
    await evaluator.page.goto(`${base}/admin/results/${breedtescan}`);
    await evaluator.page.locator('nav.page-nav a', { hasText: 'Open antwoorden' }).click();
    const remarks = evaluator.page.locator('#r-open table', { has: evaluator.page.locator('caption', { hasText: 'Eventuele laatste opmerkingen' }) });
    expect(await remarks.locator('td').allTextContents()).toContain('Goed dat deze inventarisatie er is, zegt [naam] van [organisatie].');
    expect(await evaluator.page.locator('body').textContent()).not.toContain('Piet Jansen');
    // the evaluator has no way to the researcher's pages
    expect(await evaluator.page.locator('a[href*="/open/"]').count()).toBe(0);
    await remarks.screenshot({ path: join(outputDir, 'results-open-answers-evaluator.png') });
    expect(await seriousViolations(evaluator.page)).toEqual([]);
    expect(evaluator.problems).toEqual([]);
  });

  it('prints a report that opens with a one-page summary, then a table of contents with the right page numbers', { timeout: 180_000 }, async () => {
    const { page, problems } = await signedInPage(1280);
    await page.goto(`${base}/admin/results/${waveId('demo-2025')}/rapport`);
    expect(await page.locator('h1').textContent()).toBe('Veiligheidshuis Demoregio');
    // report.js has laid the report out in pages and filled in the table of contents
    await page.waitForSelector('html[data-toc-pages="klaar"]');
    await screenshot(page, 'results-report-screen.png');
    const pdfFile = join(outputDir, 'results-report.pdf');
    writeFileSync(pdfFile, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
    expect(problems).toEqual([]);

    const pages = pdfPages(pdfFile);
    expect(pages.length).toBeGreaterThan(10);
    // page 1: the cover and the summary, nothing else
    expect(pages[0]).toContain('Veiligheidshuis Demoregio');
    expect(pages[0]).toMatch(/Samenvatting\s/);
    expect(pages[0]).toContain('Respons 48,0 %');
    expect(pages[0]).toContain('Samenvatting: score per aspect');
    expect(pages[0]).toMatch(/Alle aspecten\s+3,\d\d\s+\[\d,\d\d; \d,\d\d\]/);
    expect(pages[0]).not.toContain('Inhoud');
    expect(pages[0]).not.toContain('Respons en disposities');
    // page 2 opens with the table of contents
    expect(pages[1]!.split('\n').filter((l) => l.trim())[1]!.trim()).toBe('Inhoud');
    const toc = [...pages[1]!.matchAll(/^\s*\d+\.\s+(\S.*?)\s+(\d+)\s*$/gm)].map((m) => [m[1]!.trim(), Number(m[2])] as const);
    expect(toc.map(([label]) => label)).toEqual(['Samenvatting', 'Respons', 'Scores per aspect', 'Verdeling van de antwoorden', 'Betrouwbaarheid', 'Scores naar groep', 'Uitspraken', 'Frequentietabellen', 'Open antwoorden', 'Verantwoording']);
    // each number is the page the section's heading is printed on
    for (const [label, number] of toc) {
      const heading = new RegExp(`^\\s*${label}\\s*$`, 'm');
      const printedOn = pages.findIndex((p, i) => i > 0 && heading.test(p)) + 1 || (label === 'Samenvatting' ? 1 : 0);
      expect(printedOn, label).toBe(number);
    }
    // every page numbered in its margin; from page 2 on the house and the period at the top
    pages.forEach((p, i) => expect(p, `page ${i + 1}`).toContain(`pagina ${i + 1} van ${pages.length}`));
    for (const p of pages.slice(1)) expect(p.split('\n')[0]).toContain('Veiligheidshuis Demoregio · Stappenmeter najaar 2025 · 15 november 2025 – 20 december 2025');
    expect(pages[0]!.split('\n')[0]).not.toContain('·');

    // and rendered to images, to look at: the first pages and one of the distributions
    const images = renderPages(pdfFile, 'results-report-page');
    expect(images.length).toBe(pages.length);
    for (const image of images.slice(0, 6)) expect(statSync(image).size).toBeGreaterThan(20_000);
  });

  it('compares the house with last year and with all houses', { timeout: 120_000 }, async () => {
    const { page, problems } = await signedInPage(1280);
    await page.goto(`${base}/admin/results/compare?wave=${waveId('demo-2025')}`);
    expect(await page.locator('#f-with option[selected]').textContent()).toContain('Stappenmeter najaar 2024');
    // the benchmark lists what it pools: the other houses' closed waves, the small one without its n
    const pooled = page.locator('table', { hasText: 'De rondes in het gemiddelde van de andere huizen' });
    expect(await pooled.locator('tbody tr').count()).toBe(3);
    expect(await pooled.locator('tbody tr', { hasText: 'Eilanden' }).textContent()).toContain('nee, te weinig respondenten');
    // each difference with its interval and what the interval says
    expect(await page.locator('th', { hasText: '95%-interval verschil' }).count()).toBe(2);
    expect(await page.locator('text=Gemiddelde van de huisgemiddelden (elk huis telt even zwaar)').count()).toBe(1);
    // the researcher sees each house's mean per aspect, under the aspect's full name set on its side
    expect(await pooled.locator('thead th.sideways').allTextContents()).toEqual(['Selectie', 'Voorbereiding', 'Informatiedeling', 'Bespreking', 'Samenwerking', 'Evaluatie', 'Rendement', 'Alle aspecten']);
    // at 1280 px every table fits its box: nothing scrolls sideways
    expect(await tablesWiderThanBox(page)).toEqual([]);
    expect(await pageWidth(page)).toBeLessThanOrEqual(1280);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'results-compare.png');
    await page.locator('table', { hasText: 'en de andere huizen' }).screenshot({ path: join(outputDir, 'results-compare-benchmark.png') });
    await pooled.screenshot({ path: join(outputDir, 'results-compare-pooled.png') });
    await page.goto(`${base}/admin/results/trend?wave=${waveId('demo-2025')}`);
    expect(await page.locator('svg.chart .point').count()).toBeGreaterThan(8);
    expect(await page.locator('svg.chart .interval').count()).toBeGreaterThan(8);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'results-trend.png');
    await page.locator('figure.chart-figure').first().screenshot({ path: join(outputDir, 'results-trend-chart.png') });
    await page.goto(`${base}/admin/results/${waveId('breedtescan-2025')}`);
    expect(await page.locator('table.freq').count()).toBeGreaterThan(20);
    await screenshot(page, 'results-breedtescan.png');
    expect(problems).toEqual([]);

    // on a phone a wide table scrolls inside its box (reached with Tab), the page itself never sideways
    const phone = await signedInPage(390);
    await phone.page.goto(`${base}/admin/results/compare?wave=${waveId('demo-2025')}`);
    const phonePooled = phone.page.locator('.table-scroll', { hasText: 'De rondes in het gemiddelde van de andere huizen' });
    expect(await phonePooled.locator('tbody tr').count()).toBe(3);
    // the box scrolls, and shows the keyboard focus when it has it
    await phonePooled.focus();
    await phone.page.keyboard.press('ArrowRight');
    expect(await phonePooled.evaluate((box) => [box.matches(':focus-visible'), getComputedStyle(box).outlineStyle, box.scrollWidth > box.clientWidth])).toEqual([true, 'solid', true]);
    const box = await phonePooled.evaluate((el) => ({ top: el.getBoundingClientRect().top + window.scrollY, height: el.getBoundingClientRect().height }));
    await phone.page.screenshot({ path: join(outputDir, 'results-compare-390-pooled.png'), fullPage: true, clip: { x: 0, y: box.top - 8, width: 390, height: box.height + 16 } });
    expect(await pageWidth(phone.page)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone.page)).toEqual([]);
    await screenshot(phone.page, 'results-compare-390.png');
    expect(phone.problems).toEqual([]);
  });

  it('shows a house\'s evaluator only their house and the benchmark of the others', { timeout: 120_000 }, async () => {
    const { page, problems } = await signedInPage(1280, 'demo-evaluator-demoregio@example.org');
    const list = (await page.locator('main').textContent()) ?? '';
    expect(list).toContain('Stappenmeter najaar 2025');
    for (const other of ['Kustregio', 'Stroomland', 'Eilanden', 'ketenmanagers']) expect(list).not.toContain(other);
    expect(await page.locator('nav.admin-nav a').allTextContents()).toEqual(['Resultaten', 'Mijn account']);
    await screenshot(page, 'house-evaluator-results.png');

    // the summary of their own results compares with all houses too, pooled, naming none of the others
    await page.goto(`${base}/admin/results/${waveId('demo-2025')}`);
    const summary = page.locator('#r-samenvatting');
    expect(await summary.locator('table thead th').allTextContents()).toEqual(['Aspect', 'Score', '95%-interval', 'n', 'Vorige ronde', 'Verschil met vorige ronde', 'Andere huizen (gepoold)', 'Verschil met andere huizen']);
    // the other houses are named only in the list of what the benchmark pools, with their n, never with a mean
    const notes = (await summary.locator('.table-notes, p').allTextContents()).join(' ');
    expect(notes).toContain('Veiligheidshuis Kustregio (Stappenmeter najaar 2025');
    const summaryRows = (await summary.locator('table tbody').textContent()) ?? '';
    for (const other of ['Kustregio', 'Stroomland', 'Eilanden']) expect(summaryRows).not.toContain(other);
    // redaction and coding are the researchers' work: no way there for an evaluator
    expect(await page.locator('a[href*="/open/"]').count()).toBe(0);
    await summary.screenshot({ path: join(outputDir, 'house-evaluator-summary.png') });

    await page.goto(`${base}/admin/results/compare?wave=${waveId('demo-2025')}`);
    const compare = (await page.locator('main').textContent()) ?? '';
    expect(compare).toContain('Met de andere huizen (benchmark)');
    expect(compare).toContain('U ziet de andere huizen alleen samen');
    // no choice of period, and the list of pooled waves has no column of any house's means
    expect(await page.locator('input[name=from]').count()).toBe(0);
    const pooled = page.locator('table', { hasText: 'De rondes in het gemiddelde van de andere huizen' });
    expect(await pooled.locator('thead th').allTextContents()).toEqual(['Veiligheidshuis', 'Ronde', 'Periode', 'Status', 'n', 'Telt mee']);
    // the pooled benchmark is there, with numbers; the mean of house means would give one of two houses: withheld
    expect(await page.locator('text=Andere huizen (gepoold)').count()).toBeGreaterThan(0);
    expect(compare).toContain('Het gemiddelde van de huisgemiddelden is niet getoond');
    expect(await tablesWiderThanBox(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'house-evaluator-compare.png');
    expect(problems).toEqual([]);

    // another house's results and downloads: not found, as if they did not exist
    for (const path of [`/admin/results/${waveId('kust-2025')}`, `/admin/results/${waveId('kust-2025')}/download/csv`, `/admin/waves/${waveId('demo-2025')}/rates`]) {
      const res = await page.goto(`${base}${path}`);
      expect(res!.status(), path).toBe(path.endsWith('/rates') ? 200 : 404);
    }
  });
});
