/**
 * A national round in a real browser (issue 14): a landelijk onderzoeker signs in (password and a
 * TOTP code computed here), creates a round over four houses by uploading a CSV file, and sees each
 * house's wave as a concept on the round's page. Fixtures then launch three waves, store responses
 * and move the clock past the closing day: the overview shows each house's state, the round's own
 * benchmark and the list of the waves it pools (the house below the minimum without its n, the
 * concept never). The coordinator the file named for one house sees only that house's wave. At 1280
 * px every table fits its box, at 390 px a wide table scrolls in its box, the page never sideways; screenshots in tests/output/rounds-*.png; no page error, no
 * CSP violation, no serious axe-core finding.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWave, waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { launchWave } from '../../server/services/launch.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../helpers/app.js';
import { loginAs, totpCode, type LoggedIn } from '../helpers/auth.js';
import { launchChromium, listenOnLoopback, pageWidth, screenshotDir, seriousViolations, tablesWiderThanBox, watchedPage } from '../helpers/browser.js';
import { makeHouse, makeInvitee } from '../helpers/factories.js';
import { storeResponses, uniformStappenmeter } from '../helpers/resultsPage.js';
import { contextOf } from '../services/support.js';

const QID = 'stappenmeter-doelbereik';
const HOUSES = ['Veiligheidshuis Noord', 'Veiligheidshuis Oost', 'Veiligheidshuis West', 'Veiligheidshuis Zuid'];
const PASSWORD = 'correct horse battery staple';

let t: TestApp;
let browser: Browser;
let base: string;
let researcher: LoggedIn;
let coordinator: LoggedIn;
const outputDir = screenshotDir();

beforeAll(async () => {
  if (!existsSync('/usr/bin/chromium')) throw new Error('chromium is needed for the browser tests and was not found at /usr/bin/chromium');
  t = await createTestApp();
  t.setNow('2026-11-23T09:00:00Z');
  for (const name of HOUSES) await makeHouse(t.app, name);
  researcher = await loginAs(t.app, 'researcher', { email: 'landelijk@onderzoek.test' });
  // an account without grants yet: the round's file makes it coordinator of Noord
  coordinator = await loginAs(t.app, [], { email: 'coordinator@noord.test' });
  base = await listenOnLoopback(t.app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A fresh browser at `width` px, signed in through the login form (password, then a code of the account's TOTP secret). */
async function signedIn(who: LoggedIn, width: number, landing: RegExp): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await watchedPage(browser, width);
  await page.goto(`${base}/admin/login`);
  await page.fill('input[name=email]', who.user.email);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/login\/code/), page.click('button[type=submit]')]);
  // a code is accepted once per 30-second step
  t.setNow(new Date(t.app.now().getTime() + 30_000));
  await page.fill('input[name=code]', await totpCode(t.app, who.totpSecret!));
  await Promise.all([page.waitForURL(landing), page.click('button[type=submit]')]);
  return { page, problems };
}

async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(outputDir, `rounds-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  expect(statSync(path).size).toBeGreaterThan(10_000);
}

async function go(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), action()]);
  await page.waitForLoadState('load');
}

/** The house column and the state column of the round's table, row by row. */
async function houseStates(page: Page): Promise<string[][]> {
  const rows = page.locator('table', { has: page.locator('caption', { hasText: 'Per huis' }) }).locator('tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = await rows.nth(i).locator('th, td').allTextContents();
    out.push(cells.map((c) => c.trim()));
  }
  return out;
}

describe('a national round in chromium', () => {
  let roundUrl = '';

  it('is created by uploading a CSV file and shows each house\'s concept wave', { timeout: 120_000 }, async () => {
    const { page, problems } = await signedIn(researcher, 1280, /\/admin/);
    await page.goto(`${base}/admin/rounds`);
    const version = (await storedQuestionnaire(t.app, QID)).version;
    await page.selectOption('#questionnaire', `${QID}@${version}`);
    await page.fill('#opens', '2026-12-01');
    await page.fill('#closes', '2027-01-15');
    const file = join(outputDir, 'rounds-huizen.csv');
    // as Excel saves it: Windows-1252, ; and a header row
    writeFileSync(file, Buffer.from(`huis;e-mail coördinator\r\n${HOUSES.map((h) => `${h};${h.endsWith('Noord') ? 'coordinator@noord.test' : ''}`).join('\r\n')}\r\n`, 'latin1'));
    await page.setInputFiles('#housesFile', file);
    await screenshot(page, '1-form');
    expect(await seriousViolations(page)).toEqual([]);
    await go(page, () => page.getByRole('button', { name: 'Landelijke ronde aanmaken' }).click());
    expect(await page.locator('.notice-success').textContent()).toContain('4 conceptrondes');
    expect(await page.locator('.notice-success').textContent()).toContain('Bestaande accounts die nu coördinator van hun huis zijn: coordinator@noord.test.');

    await go(page, () => page.locator('.notice-success a').click());
    roundUrl = page.url();
    expect(await houseStates(page)).toEqual(HOUSES.map((h) => [h, 'concept', '0', '–', '0', 'na sluiting']));
    expect(await page.locator('#round-benchmark + p').textContent()).toContain('0 van de 4 rondes (0 gesloten)');
    expect(await page.locator('body').textContent()).toContain('Nog geen benchmark');
    await screenshot(page, '2-overview-concept');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows the round\'s benchmark once waves have closed with responses; a coordinator sees only their house\'s wave', { timeout: 180_000 }, async () => {
    const waves = await t.app.db.selectFrom('waves').innerJoin('houses', 'houses.id', 'waves.house_id').select(['waves.id', 'houses.name']).orderBy('houses.name').execute();
    const waveOf = async (house: string) => (await findWave(t.app.db, waves.find((w) => w.name === house)!.id))!;
    // Noord, Oost and Zuid launch and get responses (Zuid only 2: below the minimum of 5); West stays a concept
    const answers: Record<string, number[]> = { 'Veiligheidshuis Noord': [4, 4, 3, 3, 4, 2], 'Veiligheidshuis Oost': [1, 2, 1, 2, 1, 2, 2], 'Veiligheidshuis Zuid': [3, 3] };
    // each house invites one more person than answer: RR1 = responses / (responses + 1)
    for (const [house, values] of Object.entries(answers)) {
      const wave = await waveOf(house);
      const invitees = [];
      for (let i = 0; i <= values.length; i++) invitees.push(await makeInvitee(t.app, wave));
      await launchWave(contextOf(t), wave);
      const responses = values.map((v, j) => uniformStappenmeter(waveQuestionnaire(wave).variables, v, { Q2: 1 + (j % 2), Q3: 1, Q63: 2 }));
      await storeResponses(t.app, wave, responses, new Date('2026-12-02T10:00:00Z'), invitees);
    }
    t.setNow('2027-01-20T09:00:00Z');

    for (const width of [1280, 390]) {
      const { page, problems } = await signedIn(researcher, width, /\/admin/);
      await page.goto(roundUrl);
      const states = await houseStates(page);
      expect(states.map((r) => r.slice(0, 5))).toEqual([
        ['Veiligheidshuis Noord', 'gesloten', '7', '85,7 %', '6'],
        ['Veiligheidshuis Oost', 'gesloten', '8', '87,5 %', '7'],
        ['Veiligheidshuis West', 'concept', '0', '–', '0'],
        ['Veiligheidshuis Zuid', 'gesloten', '3', '66,7 %', '2'],
      ]);
      expect(await page.locator('#round-benchmark + p').textContent()).toContain('3 van de 4 rondes (3 gesloten)');
      const benchmark = page.locator('table', { has: page.locator('caption', { hasText: /^Benchmark van de landelijke ronde/ }) });
      expect(await benchmark.locator('thead th').allTextContents()).toEqual([
        'Aspect',
        'Gepoold gemiddelde (elke respondent telt even zwaar)',
        'Respondenten',
        'Gemiddelde van de huisgemiddelden (elk huis telt even zwaar)',
        'Huizen',
      ]);
      const total = (await benchmark.locator('tbody tr').last().locator('th, td').allTextContents()).map((c) => c.trim());
      expect(total[0]).toBe('Alle aspecten');
      expect(total[2]).toBe('13');
      expect(total[4]).toBe('2');
      // the pooled waves: Zuid listed without its n and not counted; the concept (West) never
      const pooled = page.locator('table', { has: page.locator('caption', { hasText: 'De rondes in de benchmark van de landelijke ronde' }) });
      const rows = pooled.locator('tbody tr');
      expect(await rows.count()).toBe(3);
      const zuid = (await rows.nth(2).locator('th, td').allTextContents()).map((c) => c.trim());
      expect(zuid.slice(0, 5)).toEqual(['Veiligheidshuis Zuid', '1 december 2026 – 15 januari 2027', 'gesloten', '– (niet getoond)a', 'nee, te weinig respondenten']);
      // the landelijk onderzoeker sees each counted house's means
      expect((await rows.nth(0).locator('td').last().textContent())!.trim()).toMatch(/^\d,\d\d$/);
      expect(await pooled.textContent()).not.toContain('Veiligheidshuis West');
      // every aspect keeps its full name as the heading of its column (set on its side)
      expect((await pooled.locator('thead th.sideways').allTextContents()).slice(-3)).toEqual(['Evaluatie', 'Rendement', 'Alle aspecten']);
      // at 1280 px every table fits its box (nothing scrolls sideways); on a phone a table may scroll in its box, the page never
      if (width === 1280) expect(await tablesWiderThanBox(page)).toEqual([]);
      await page.locator('.table-scroll', { has: pooled }).screenshot({ path: join(outputDir, `rounds-3-pooled-${width}.png`) });
      expect(await pageWidth(page)).toBeLessThanOrEqual(width);
      await screenshot(page, `3-overview-closed-${width}`);
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    }

    // the coordinator of Noord: their house's wave in their Rondes list, no other, no round pages
    const { page, problems } = await signedIn(coordinator, 390, /\/admin/);
    await page.goto(`${base}/admin/waves`);
    const listed = await page.locator('main').textContent();
    expect(listed).toContain('Veiligheidshuis Noord');
    for (const other of HOUSES.slice(1)) expect(listed).not.toContain(other);
    await screenshot(page, '4-coordinator-waves-390');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    const oost = await waveOf('Veiligheidshuis Oost');
    expect((await page.goto(`${base}/admin/waves/${oost.id}`))!.status()).toBe(404);
    expect((await page.goto(roundUrl))!.status()).toBe(403);
    expect(problems.filter((p) => !/status of 40[34]/.test(p))).toEqual([]);
  });
});
