import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { browserTest as test, DESKTOP, horizontalOverflow, openBrowserPage, PHONE, saveScreenshot, visibleWithoutScrolling } from '../inspector/helpers/browser.js';
import { nodeWithProbes } from './helpers/probe.js';
import { scaledTimeout, waitUntil } from '../../src/testing/wait.js';
import { inspectorInfo, QUICK_QUARANTINE } from './helpers/inspector.js';

async function firstRowModule(page: Page): Promise<string | null> {
  return page.locator('#overview-body tr').first().getAttribute('data-module');
}

for (const [label, viewport] of [['1280×800', DESKTOP], ['390×844', PHONE]] as const) {
  test(`at ${label} the page fits the screen, a quarantined module leads the header and the page, and its release is in view (issue 20)`, async (t) => {
    const node = await nodeWithProbes(
      t,
      { alpha: {}, beta: {}, looper: { mode: 'crash', config: { crash_after_ms: 150, exit_code: 3 } } },
      { inspector: true, supervision: QUICK_QUARANTINE },
    );
    await node.waitForPhase('looper', 'quarantined');
    const info = await inspectorInfo(node);
    const token = (await readFile(info.token_file, 'utf8')).trim();
    const { page, errors } = await openBrowserPage(t, new URL(info.url!).origin, viewport);
    await page.goto(`${info.url}#token=${token}`);
    await page.locator('#access-badge', { hasText: 'actions enabled' }).waitFor();
    const attention = page.locator('#attention');
    await page.locator('#attention.trouble-quarantined').waitFor({ timeout: scaledTimeout(15_000) });
    t.is(await attention.textContent(), '1 quarantined');
    t.is(await firstRowModule(page), 'looper', 'the quarantined module sorts to the top');
    const card = page.locator('#attention-panel .attention-card[data-module="looper"]');
    await card.waitFor();
    t.regex((await card.textContent()) ?? '', /blvm module release looper/);
    await page.locator('#overview-body tr[data-module="alpha"] .phase', { hasText: 'monitoring' }).waitFor();
    await saveScreenshot(page, `inspector-quarantine-${viewport.width}x${viewport.height}.png`, false);
    await saveScreenshot(page, `inspector-quarantine-${viewport.width}x${viewport.height}-full.png`);
    t.true(await visibleWithoutScrolling(page, '#attention'), 'the header count is on screen');
    t.true(await visibleWithoutScrolling(page, '#attention-panel [data-attention-action="release"]'), 'the release button is on screen without scrolling');
    t.true(await visibleWithoutScrolling(page, '#attention-panel .attention-card[data-module="looper"] p'), 'the quarantine evidence is on screen without scrolling');
    t.true((await horizontalOverflow(page)) <= 0, `the page is ${await horizontalOverflow(page)} px wider than the ${label} screen`);

    await page.locator('#attention-panel [data-attention-action="release"]').click();
    const audit = page.locator('#event-log li[data-type="OperatorAction"]', { hasText: 'release on looper requested via inspector' });
    await audit.first().waitFor({ timeout: scaledTimeout(15_000) });
    await waitUntil(() => /audit: release module looper via inspector from 127\.0\.0\.1:\d+/.test(node.log()), {
      message: 'the audit line in the daemon log',
    });
    t.true((await horizontalOverflow(page)) <= 0, 'the page still fits after the release');
    t.deepEqual(errors, [], 'no console error');
  });
}

test('an action over the control socket leaves an audit line in the daemon log and the inspector event log (issue 20)', async (t) => {
  const node = await nodeWithProbes(t, { steady: {} }, { inspector: true });
  await node.waitForPhase('steady', 'monitoring');
  const info = await inspectorInfo(node);
  const { page } = await openBrowserPage(t, new URL(info.url!).origin, DESKTOP);
  await page.goto(info.url!);
  await page.locator('tr[data-module="steady"]').waitFor();
  await node.control('restartmodule', { name: 'steady' });
  await page.locator('#event-log li[data-type="OperatorAction"]', { hasText: /restart on steady requested via control socket from control connection #\d+/ }).waitFor();
  t.truthy(await node.waitForLog(/audit: restart module steady via control socket from control connection #\d+/));
});
