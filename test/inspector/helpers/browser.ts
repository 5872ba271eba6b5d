// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core for the inspector's
// browser tests. Without Chromium the tests fail: they are never skipped.
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../../src/version.js';
import { scaledTimeout } from '../../../src/testing/wait.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(PACKAGE_ROOT, 'test-artifacts');

/** The screen sizes the inspector must fit without sideways scrolling (issue 20). */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Browser tests run everywhere; a missing Chromium fails them with the install hint. */
export const browserTest: TestFn = anyTest;

export interface BrowserPage {
  page: Page;
  /** Another page in the same browser, watched into the same lists. */
  newPage(origin: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Requests to any origin other than the inspector's. */
  foreignRequests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

/** A fresh browser for this test (closed at teardown) with one page that watches its requests. */
export async function openBrowserPage(t: ExecutionContext, origin: string, viewport = { width: 1440, height: 1000 }): Promise<BrowserPage> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's "chromium" package (.ci/run does)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(() => browser.close());
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  const newPage = async (pageOrigin: string, size = viewport) => {
    const page = await browser.newPage({ viewport: size, deviceScaleFactor: 1 });
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

export async function saveScreenshot(page: Page, name: string, fullPage = true): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path, fullPage });
  return path;
}

/** The document's width beyond the viewport in CSS pixels (0 = no sideways scrolling). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** True when the element's box lies inside the viewport as the page first shows (no scrolling). */
export async function visibleWithoutScrolling(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).first().evaluate((el) => {
    const box = el.getBoundingClientRect();
    return window.scrollY === 0 && box.width > 0 && box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth;
  });
}

/** True once the statechart marks this state id active. */
export function stateActive(page: Page, stateId: string, timeout = 20_000): Promise<unknown> {
  return page.waitForFunction((id) => document.getElementById(id)?.classList.contains('active') === true, stateId, { timeout: scaledTimeout(timeout) });
}
