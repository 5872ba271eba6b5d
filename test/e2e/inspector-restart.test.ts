import { browserTest as test, openBrowserPage, stateActive } from '../inspector/helpers/browser.js';
import { raw } from '../inspector/helpers/raw-request.js';
import { nodeWithProbes } from './helpers/probe.js';
import type { IsolatedNode } from '../../src/testing/isolated-node.js';
import type { InspectorInfo } from '../../src/inspector/inspector-service.js';

async function inspectorUrl(node: IsolatedNode): Promise<string> {
  const result = await node.cli(['inspect', '--json']);
  if (result.exitCode !== 0) throw new Error(`blvm inspect failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as InspectorInfo).url!;
}

test('a killed module is seen live on a read-only page, and the history replays it after a daemon restart', async (t) => {
  const node = await nodeWithProbes(t, { steady: {} }, { inspector: true });
  const before = await node.waitForPhase('steady', 'monitoring');
  const firstUrl = await inspectorUrl(node);
  const watched = await openBrowserPage(t, new URL(firstUrl).origin);
  const { page } = watched;
  await page.goto(firstUrl);
  await stateActive(page, 'module.monitoring.healthy');
  t.is(await page.locator('#access-badge').textContent(), 'read-only');
  for (const action of ['start', 'stop', 'restart', 'release']) t.true(await page.locator(`button[data-action="${action}"]`).isDisabled(), action);
  const origin = new URL(firstUrl).origin;
  const refused = await raw(firstUrl, '/api/modules/steady/restart', { method: 'POST', headers: { host: new URL(firstUrl).host, origin } });
  t.is(refused.status, 401, 'an action without the token is refused');

  process.kill(before.pid!, 'SIGKILL');
  const transitions = page.locator('#event-log li[data-module="steady"][data-type="transition"]');
  await transitions.filter({ hasText: 'monitoring.healthy → loading (child.exited)' }).waitFor();
  await page.locator('#history-list li', { hasText: 'child.exited' }).waitFor();
  await page.waitForFunction((pid) => {
    const shown = document.querySelector('[data-fact="pid"]')?.textContent;
    return shown !== undefined && shown !== String(pid) && shown !== '—';
  }, before.pid);
  await stateActive(page, 'module.monitoring.healthy');
  t.is(await page.locator('tr[data-module="steady"] .restarts').textContent(), '1');
  t.regex((await page.locator('tr[data-module="steady"] .last-exit').textContent()) ?? '', /SIGKILL, crashed/);
  await page.close();

  t.is(await node.stop(), 0);
  await node.start();
  await node.waitForPhase('steady', 'monitoring');
  const secondUrl = await inspectorUrl(node);
  const second = await watched.newPage(new URL(secondUrl).origin);
  await second.goto(secondUrl);
  const starts = second.locator('#history-list li.daemon-start');
  await starts.nth(1).waitFor();
  t.is(await starts.count(), 2, 'both daemon runs are in the history');
  const killed = second.locator('#history-list li', { hasText: 'child.exited' }).first();
  await killed.click();
  await stateActive(second, 'module.loading');
  t.regex((await second.locator('#history-label').textContent()) ?? '', /^replay · /);
  await starts.first().click();
  await stateActive(second, 'module.verification');
  t.true(await starts.first().evaluate((el) => el.classList.contains('current')));

  t.deepEqual(watched.foreignRequests, [], 'no request left the inspector origin');
  t.deepEqual(watched.errors, [], 'no console error');
});
