import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../server/config.js';

/** Debian's Chromium, headless, with the flags that keep it off the (closed) network; fails when it is missing. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Listen on a free loopback port; returns the base URL. */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Where the browser tests leave their screenshots (created on first use). */
export function screenshotDir(): string {
  const dir = join(projectRoot, 'tests/output');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The serious and critical axe-core violations of the page as it stands ("id: targets"). axe runs
 * through the DevTools protocol, so the page's CSP (no inline scripts) stays on; it needs scripts enabled.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const { violations } = await axe.run(document);
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}

/** The page is no wider than the viewport (no sideways scrolling on a phone). */
export async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/**
 * The tables of the page's main column that are wider than their box ("caption: table px > box px"):
 * at 1280 px none may be, so no table there scrolls sideways. A table's box is its .table-scroll, or
 * its parent element.
 */
export async function tablesWiderThanBox(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('main table')).flatMap((table) => {
      const box = table.closest('.table-scroll') ?? table.parentElement!;
      if (table.scrollWidth <= box.clientWidth && box.scrollWidth <= box.clientWidth) return [];
      return [`${table.querySelector('caption')?.textContent?.trim() ?? '(zonder titel)'}: ${table.scrollWidth} px > ${box.clientWidth} px`];
    }),
  );
}

/**
 * A page in a fresh context `width` px wide that collects page errors and console errors (a CSP
 * violation, an inline style say, is one) in `problems`; with `failedResponses`, every answer of 400
 * or more as well.
 */
export async function watchedPage(browser: Browser, width: number, options: { height?: number; failedResponses?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: options.height ?? 900 }, javaScriptEnabled: true });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${m.text()} ${m.location().url}`);
  });
  if (options.failedResponses)
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
  return { page, problems };
}
