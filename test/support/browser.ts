/**
 * Real headless Chromium for the dashboard's tests and bench: Debian's `chromium` package (installed
 * with apt-get by the stack tests' global setup when missing, the way the stack installs PostgreSQL),
 * driven by playwright-core, which downloads no browser of its own.
 *
 * The flags are the ones a closed network needs: without the background-networking ones Chromium
 * keeps dialling Google's services, and each refused connection is noise or a stall.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { installDebianPackages } from '../../scripts/stack/debian.ts';

export const CHROMIUM = process.env.SWITCHYARD_CHROMIUM ?? '/usr/bin/chromium';

/** Where the tests write their screenshots: test output, never committed (.stack/ is ignored). */
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../.stack/screenshots');

/** Installs Debian's chromium when it is not there (root only; anyone else is told the command). */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  installDebianPackages(['chromium']);
  if (!existsSync(CHROMIUM)) throw new Error(`Debian's chromium installed, but ${CHROMIUM} is not there (set SWITCHYARD_CHROMIUM to the binary)`);
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions since the page opened, as text. */
  readonly errors: string[];
}

/** A new page (1440 × 1000) whose console errors and uncaught exceptions are collected. */
export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  // A context of its own (axe-core's playwright runner opens a page beside it to finish its run).
  // Reduced motion: the charts draw without animation, so a screenshot shows them finished.
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  // Its context goes with it; closing one whose browser already went (afterAll) is no failure.
  page.on('close', () => {
    context.close().catch(() => {});
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A request the page itself aborted (a newer scope replaced it) is not a failure.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
