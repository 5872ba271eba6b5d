// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core for the inspector's
// browser tests. Without Chromium the tests are skipped locally but fail under CI.
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../../src/version.js';
import { scaledTimeout } from '../../../src/testing/wait.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(PACKAGE_ROOT, 'test-artifacts');

/** `test` when Chromium is installed or CI is set (a missing browser then fails), else `test.skip`. */
export const browserTest: TestFn = existsSync(CHROMIUM) || process.env.CI ? anyTest : (anyTest.skip as unknown as TestFn);

export interface BrowserPage {
  page: Page;
  /** Another page in the same browser, watched into the same lists. */
  newPage(origin: string): Promise<Page>;
  /** Requests to any origin other than the inspector's. */
  foreignRequests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

/** A fresh browser for this test (closed at teardown) with one page that watches its requests. */
export async function openBrowserPage(t: ExecutionContext, origin: string): Promise<BrowserPage> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's "chromium" package (.ci/run does)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(() => browser.close());
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  const newPage = async (pageOrigin: string) => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    watchPage(page, pageOrigin, foreignRequests, errors);
    return page;
  };
  return { page: await newPage(origin), newPage, foreignRequests, errors };
}

function watchPage(page: Page, origin: string, foreignRequests: string[], errors: string[]): void {
  const target = { foreignRequests, errors };
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== origin) target.foreignRequests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') target.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => target.errors.push(`page: ${error.message}`));
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** True once the statechart marks this state id active. */
export function stateActive(page: Page, stateId: string, timeout = 20_000): Promise<unknown> {
  return page.waitForFunction((id) => document.getElementById(id)?.classList.contains('active') === true, stateId, { timeout: scaledTimeout(timeout) });
}
