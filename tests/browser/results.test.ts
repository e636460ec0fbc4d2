/**
 * The results pages in a real browser: the demo data loaded into a fresh app on a loopback port, a
 * sign-in through the real login form (with two-factor enrolment at the first login and a code
 * computed here as an authenticator app would), the results page, the printable report (print
 * media), the comparison, and what a house's evaluator sees (their house and the benchmark only),
 * each saved as a screenshot in tests/output/. Fails, never skips, without chromium.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, listenOnLoopback, seriousViolations } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { DEFAULT_DEMO_PASSWORD, DEMO_EMAIL, loadDemo, type DemoWaveSummary } from '../../server/services/demo.js';
import { projectRoot } from '../../server/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

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
  const questionnaires = new Map(t.app.questionnaires.list().map((q) => [q.id, q]));
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
  const context = await browser.newContext({ viewport: { width, height: 1000 }, javaScriptEnabled: true });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // a CSP violation (an inline style, say) shows up as a console error
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${m.text()} ${m.location().url}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
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

describe('results pages in chromium', () => {
  it('shows the results of the demo wave with charts, tables and no errors', { timeout: 120_000 }, async () => {
    const { page, problems } = await signedInPage(1280);
    await screenshot(page, 'results-list.png');
    await Promise.all([page.waitForLoadState('load'), page.click(`a[href="/admin/results/${waveId('demo-2025')}"]`)]);
    expect(await page.locator('h1').textContent()).toBe('Stappenmeter najaar 2025');
    expect(await page.locator('text=48,0 % (73 / 152)').count()).toBe(1);

    // the charts are drawn: every svg has a size and its bars are laid out
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(8);
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
    expect(problems).toEqual([]);
  });

  it('prints the report without navigation, with the charts', { timeout: 120_000 }, async () => {
    const { page, problems } = await signedInPage(1000);
    await page.goto(`${base}/admin/results/${waveId('demo-2025')}/rapport`);
    expect(await page.locator('h1').textContent()).toBe('Veiligheidshuis Demoregio');
    await screenshot(page, 'results-report-screen.png');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.report-nav').isVisible()).toBe(false);
    expect(await page.locator('svg.chart').first().isVisible()).toBe(true);
    await screenshot(page, 'results-report-print.png');
    await page.screenshot({ path: join(outputDir, 'results-report-cover.png') });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(problems).toEqual([]);
  });

  it('compares the house with last year and with all houses', { timeout: 120_000 }, async () => {
    const { page, problems } = await signedInPage(1280);
    await page.goto(`${base}/admin/results/compare?wave=${waveId('demo-2025')}`);
    expect(await page.locator('text=Gemiddelde score per aspect per huis').count()).toBe(1);
    expect(await page.locator('#f-with option[selected]').textContent()).toContain('Stappenmeter najaar 2024');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'results-compare.png');
    await page.goto(`${base}/admin/results/${waveId('breedtescan-2025')}`);
    expect(await page.locator('table.freq').count()).toBeGreaterThan(20);
    await screenshot(page, 'results-breedtescan.png');
    expect(problems).toEqual([]);
  });

  it('shows a house\'s evaluator only their house and the benchmark of the others', { timeout: 120_000 }, async () => {
    const { page, problems } = await signedInPage(1280, 'demo-evaluator-demoregio@example.org');
    const list = (await page.locator('main').textContent()) ?? '';
    expect(list).toContain('Stappenmeter najaar 2025');
    for (const other of ['Kustregio', 'Stroomland', 'Eilanden', 'ketenmanagers']) expect(list).not.toContain(other);
    expect(await page.locator('nav.admin-nav a').allTextContents()).toEqual(['Resultaten', 'Mijn account']);
    await screenshot(page, 'house-evaluator-results.png');

    await page.goto(`${base}/admin/results/compare?wave=${waveId('demo-2025')}`);
    const compare = (await page.locator('main').textContent()) ?? '';
    expect(compare).toContain('Met het gemiddelde van alle huizen');
    expect(compare).toContain('U ziet de andere huizen alleen samen');
    expect(await page.locator('text=Gemiddelde score per aspect per huis').count()).toBe(0);
    expect(await page.locator('input[name=houses]').count()).toBe(0);
    for (const other of ['Kustregio', 'Stroomland', 'Eilanden']) expect(compare).not.toContain(other);
    // the pooled benchmark is there, with numbers
    expect(await page.locator('text=Alle huizen (gepoold)').count()).toBeGreaterThan(0);
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
