/**
 * The results pages in a real browser: the demo data loaded into a fresh app on a loopback port, a
 * sign-in through the real login form, the results page, the printable report (print media) and the
 * comparison, each saved as a screenshot in tests/output/. Fails, never skips, without chromium.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, listenOnLoopback, seriousViolations } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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


async function signedInPage(width: number): Promise<{ page: Page; problems: string[] }> {
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
  await page.fill('input[name=email]', DEMO_EMAIL);
  await page.fill('input[name=password]', DEFAULT_DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/results$/), page.click('button[type=submit]')]);
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
});
