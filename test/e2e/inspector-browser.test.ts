import { readFile } from 'node:fs/promises';
import { browserTest as test, openBrowserPage, saveScreenshot, stateActive } from '../inspector/helpers/browser.js';
import { nodeWithProbes } from './helpers/probe.js';
import { scaledTimeout } from '../../src/testing/wait.js';
import { inspectorInfo } from './helpers/inspector.js';

const SUPERVISION = `[supervision]
initial_delay = "400ms"
max_delay = "2s"
max_crashes = 3
ready_timeout = "5s"
ping_interval = "500ms"
max_missed_pings = 3
stop_grace = "2s"
kill_grace = "1s"
`;

test('a crash-looping module is seen crashing, backing off, quarantined with evidence, replayed and released from the page', async (t) => {
  const node = await nodeWithProbes(t, { looper: { mode: 'crash', config: { crash_after_ms: 1500, exit_code: 3 } } }, { inspector: true, supervision: SUPERVISION });
  const info = await inspectorInfo(node);
  const origin = new URL(info.url!).origin;
  const token = (await readFile(info.token_file, 'utf8')).trim();
  const { page, foreignRequests, errors } = await openBrowserPage(t, origin);
  await page.goto(`${info.url}#token=${token}`);
  t.false(page.url().includes(token), 'the token leaves the address bar');
  await page.locator('#access-badge', { hasText: 'actions enabled' }).waitFor();
  await page.locator('tr[data-module="looper"]').waitFor();

  const log = page.locator('#event-log li[data-module="looper"][data-type="transition"]');
  await log.filter({ hasText: '→ monitoring.healthy (ipc.ready)' }).first().waitFor({ timeout: scaledTimeout(15_000) });
  await log.filter({ hasText: 'monitoring.healthy → loading (child.exited)' }).first().waitFor({ timeout: scaledTimeout(15_000) });
  await log.filter({ hasText: 'monitoring.healthy → backoff (child.exited)' }).first().waitFor({ timeout: scaledTimeout(20_000) });
  await stateActive(page, 'module.quarantined', 30_000);
  await page.locator('#module-title .phase[data-phase="quarantined"]').waitFor();
  const evidence = page.locator('#quarantine-evidence');
  await evidence.locator('.log-tail', { hasText: 'crashing with code 3' }).waitFor();
  t.true((await evidence.locator('.exits tbody tr').count()) >= 4);
  t.regex((await evidence.textContent()) ?? '', /code 3, crashed/);
  t.is(await page.locator('tr[data-module="looper"] .phase').textContent(), 'quarantined');
  t.true(await page.locator('[id="module.quarantined"]').evaluate((el) => el.classList.contains('active')));
  t.true(await page.locator('[id="edge:module:module.quarantined"]').evaluate((el) => el.classList.contains('fired')), 'the quarantining edge is marked');
  await saveScreenshot(page, 'inspector-quarantine.png');

  // Replay: the scrubber moves the highlight through the stored transitions, the list follows.
  const rows = page.locator('#history-list li[data-index]');
  const backoffRow = rows.filter({ has: page.locator('.to', { hasText: /^backoff$/ }) }).first();
  await backoffRow.click();
  await stateActive(page, 'module.backoff');
  t.true(await backoffRow.evaluate((el) => el.classList.contains('current')));
  t.regex((await page.locator('#replay-state').textContent()) ?? '', /^replaying \d+\/\d+: monitoring\.healthy → backoff/, 'the header shows the replayed state');
  t.true(await page.locator('[id="module.monitoring.healthy"]').evaluate((el) => el.classList.contains('left')), 'the crash is drawn out of healthy');
  t.regex((await page.locator('#history-label').textContent()) ?? '', /^replay · \d+ \/ \d+ .* → backoff$/);
  await page.locator('#history-scrubber').evaluate((el: HTMLInputElement) => {
    el.value = '0';
    el.dispatchEvent(new Event('input'));
  });
  await stateActive(page, 'module.verification');
  t.true(await rows.first().evaluate((el) => el.classList.contains('current')));
  await page.locator('#history-live').click();
  await stateActive(page, 'module.quarantined');
  t.true(await page.locator('#replay-state').isHidden(), 'back to live, no replay in the header');

  // Statechart: clicking a state lists the transitions out of it, guards in words; zoom scales it.
  await page.locator('[id="module.backoff"]').click();
  const stateInfo = page.locator('#state-info');
  await stateInfo.locator('h3', { hasText: 'From backoff' }).waitFor();
  t.regex((await stateInfo.textContent()) ?? '', /→ waitingForDependencies when after backoff \(timer\)/);
  t.regex((await stateInfo.textContent()) ?? '', /only if the restart policy picks this outcome/);
  t.notRegex((await stateInfo.textContent()) ?? '', /xstate\./);
  await page.locator('#chart-zoom-in').click();
  t.regex(await page.locator('#chart svg').evaluate((el) => (el as SVGElement).style.transform), /scale\(1\.4\)/);
  await page.locator('#chart-zoom-reset').click();

  const healthyBefore = await log.filter({ hasText: 'execution → monitoring.healthy' }).count();
  await page.locator('button[data-action="release"]').click();
  await page.locator('#history-list li', { hasText: 'module.release' }).waitFor();
  await log.filter({ hasText: 'quarantined → verification (module.release)' }).waitFor();
  await page.waitForFunction(
    (n) => [...document.querySelectorAll('#event-log li[data-module="looper"]')].filter((li) => li.textContent?.includes('execution → monitoring.healthy')).length > n,
    healthyBefore,
    { timeout: scaledTimeout(15_000) },
  );
  // The feed can show the module healthy before the action's own answer arrives: wait for that answer.
  await page.waitForFunction(() => !(document.querySelector('#action-message')?.textContent ?? '').includes('waiting for the module to settle'), undefined, {
    timeout: scaledTimeout(15_000),
  });
  t.regex((await page.locator('#action-message').textContent()) ?? '', /module looper/);
  await saveScreenshot(page, 'inspector-released.png');

  t.deepEqual(foreignRequests, [], 'no request left the inspector origin');
  t.deepEqual(errors, [], 'no console error');
});
