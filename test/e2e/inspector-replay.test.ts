import { browserTest as test, openBrowserPage, saveScreenshot, stateActive } from '../inspector/helpers/browser.js';
import { nodeWithProbes } from './helpers/probe.js';
import { inspectorInfo } from './helpers/inspector.js';

const SUPERVISION = `[supervision]
initial_delay = "3s"
max_delay = "3s"
ready_timeout = "5s"
`;

test('replaying a SIGKILLed module highlights the edge taken out of healthy and shows the replayed state in the header (issue 20)', async (t) => {
  const node = await nodeWithProbes(t, { steady: {} }, { inspector: true, supervision: SUPERVISION });
  const before = await node.waitForPhase('steady', 'monitoring');
  const info = await inspectorInfo(node);
  const { page, foreignRequests, errors } = await openBrowserPage(t, new URL(info.url!).origin);
  await page.goto(info.url!);
  await stateActive(page, 'module.monitoring.healthy');

  process.kill(before.pid!, 'SIGKILL');
  const crash = page.locator('#history-list li[data-index]', { hasText: 'child.exited' }).filter({ has: page.locator('.from', { hasText: /^monitoring\.healthy$/ }) });
  await crash.first().waitFor();
  await node.waitForPhase('steady', 'monitoring');
  await page.locator('#history-list li[data-index]').last().filter({ hasText: 'monitoring.healthy' }).waitFor();
  const target = ((await crash.first().locator('.to').textContent()) ?? '').trim();
  t.true(['backoff', 'loading', 'waitingForDependencies'].includes(target), `the crash left healthy for ${target}`);
  // Any of these targets starts with the "any state" edge: to backoff, or to waitingForDependencies.
  const first = target === 'backoff' ? 'module.backoff' : 'module.waitingForDependencies';
  const taken = page.locator(`[id="taken:module.monitoring.healthy:${first}"]`);
  t.is(await taken.count(), 0, 'no crash step is drawn while the page is live on a healthy module');

  await crash.first().click();
  await stateActive(page, `module.${target}`);
  await taken.waitFor();
  t.true(await taken.evaluate((el) => el.classList.contains('fired')), 'the step out of healthy is highlighted');
  t.regex((await taken.locator('text').textContent()) ?? '', /child\.exited/);
  const length = await taken.locator('path').evaluate((el) => (el as SVGPathElement).getTotalLength());
  t.true(length > 20, `the highlighted edge is drawn with a visible length (${length})`);
  t.true(await page.locator(`[id="edge:module:${first}"]`).evaluate((el) => el.classList.contains('fired')), 'the "any state" edge it stands for is lit too');
  t.true(await page.locator('[id="module.monitoring.healthy"]').evaluate((el) => el.classList.contains('left')));

  const phase = target === 'backoff' ? 'backoff' : target;
  const badge = page.locator(`#module-title .phase[data-phase="${phase}"]`);
  t.true(await badge.evaluate((el) => el.classList.contains('replayed')), 'the header badge shows the replayed phase');
  t.is(await page.locator('#module-title .state-path').textContent(), `${target} (replay)`);
  t.regex((await page.locator('#replay-state').textContent()) ?? '', new RegExp(`^replaying \\d+/\\d+: monitoring\\.healthy → ${target} \\(child\\.exited\\)`));
  await saveScreenshot(page, 'inspector-replay-crash.png');

  await page.locator('#history-live').click();
  await stateActive(page, 'module.monitoring.healthy');
  t.is(await taken.count(), 0, 'back to live, the replayed step is gone');
  t.is(await page.locator('#module-title .state-path').textContent(), 'monitoring.healthy');
  t.is(await page.locator('#module-title .phase.replayed').count(), 0);

  t.deepEqual(foreignRequests, [], 'no request left the inspector origin');
  t.deepEqual(errors, [], 'no console error');
});
