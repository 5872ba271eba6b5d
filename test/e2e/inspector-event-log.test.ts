import { browserTest as test, DESKTOP, horizontalOverflow, openBrowserPage, saveScreenshot } from '../inspector/helpers/browser.js';
import { nodeWithProbes } from './helpers/probe.js';
import { scaledTimeout } from '../../src/testing/wait.js';
import { inspectorInfo } from './helpers/inspector.js';

const BLOCKS = 550;

test(`a crash stays in the event log and its resume buffer after ${BLOCKS} new blocks, and the log filters by stream, words, module and type (issue 20)`, async (t) => {
  const node = await nodeWithProbes(t, { steady: {} }, { inspector: true });
  const before = await node.waitForPhase('steady', 'monitoring');
  const url = (await inspectorInfo(node)).url!;
  const browser = await openBrowserPage(t, new URL(url).origin, DESKTOP);
  const { page } = browser;
  await page.goto(url);
  await page.locator('tr[data-module="steady"]').waitFor();

  process.kill(before.pid!, 'SIGKILL');
  const crash = page.locator('#event-log li[data-type="ModuleCrashed"]', { hasText: /^.*steady crashed \(SIGKILL\) after [\d.]+ (ms|s)/ });
  await crash.waitFor({ timeout: scaledTimeout(15_000) });
  await node.waitForPhase('steady', 'monitoring');
  const generated = await node.cli(['chain', 'generate', String(BLOCKS)], { timeoutMs: scaledTimeout(120_000) });
  t.is(generated.exitCode, 0, generated.stderr);
  await page.locator('#log-count', { hasText: /500 activity \(max 500\)/ }).waitFor({ timeout: scaledTimeout(30_000) });
  await page.locator('#event-log li[data-type="NewBlock"]', { hasText: `new block at height ${BLOCKS} ` }).waitFor();
  t.is(await crash.count(), 1, 'the crash is still in the log after the flood');
  t.is(await page.locator('#event-log li[data-type="NewBlock"]').count(), 500, 'activity is bounded on its own');
  t.notRegex((await page.locator('#event-log').textContent()) ?? '', /xstate\.|module_id=/, 'no internal names or key=value dumps');

  await page.selectOption('#log-stream', 'lifecycle');
  t.is(await page.locator('#event-log li[data-type="NewBlock"]').count(), 0);
  t.is(await crash.count(), 1);
  await page.selectOption('#log-stream', 'activity');
  t.is(await crash.count(), 0);
  await page.selectOption('#log-stream', '');
  await page.fill('#log-search', 'sigkill');
  t.is(await crash.count(), 1);
  t.is(await page.locator('#event-log li[data-type="NewBlock"]').count(), 0);
  await page.fill('#log-search', '');
  await page.selectOption('#log-type', 'NewBlock');
  await page.selectOption('#log-type-mode', 'not');
  t.is(await page.locator('#event-log li[data-type="NewBlock"]').count(), 0);
  t.is(await crash.count(), 1);
  await page.selectOption('#log-module', 'steady');
  t.true((await page.locator('#event-log li').count()) > 0);
  t.is(await page.locator('#event-log li:not([data-module="steady"])').count(), 0, 'only steady is shown');
  await saveScreenshot(page, 'inspector-event-log-filtered.png', false);

  // A page opened now gets the daemon's resume buffer: the crash is still in it.
  const fresh = await browser.newPage(new URL(url).origin);
  await fresh.goto(url);
  await fresh.locator('#event-log li[data-type="ModuleCrashed"]', { hasText: 'steady crashed (SIGKILL)' }).waitFor();
  t.true((await fresh.locator('#event-log li[data-type="NewBlock"]').count()) > 0);
  t.true((await horizontalOverflow(fresh)) <= 0);
  await saveScreenshot(fresh, 'inspector-event-log-resumed.png', false);
  t.deepEqual(browser.errors, [], 'no console error');
});
