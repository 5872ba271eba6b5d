import { browserTest as test, openBrowserPage, saveScreenshot, stateActive } from '../inspector/helpers/browser.js';
import { fakeStatus, startFakeInspector } from '../inspector/helpers/fake-inspector.js';

const now = Date.now();
const history = Array.from({ length: 12 }, (_, i) => ({ at: now - (12 - i) * 1000, cpu_percent: i % 4, rss_bytes: 40_000_000 + i * 100_000 }));

test('the overview draws resource samples and sandbox layers when the status has them, says so when not, and counts a back-off down', async (t) => {
  const insp = await startFakeInspector(t, {
    builtPage: true,
    statuses: [
      fakeStatus('sampled', {
        resources: { cpu_percent: 2.5, rss_bytes: 41_300_000, processes: 1, sampled_at: now, instance_id: 'i1', history },
        sandbox: {
          mode: 'auto',
          layers: [
            { name: 'process_group', active: true, detail: 'the whole group is signalled' },
            { name: 'bwrap_net', active: false, detail: 'network_access granted' },
          ],
        },
      }),
      fakeStatus('waiting', { phase: 'backoff', state: 'backoff', pid: null, uptime_ms: null, restarts: 2, backoff_until: now + 120_000 }),
    ],
  });
  const { page, foreignRequests, errors } = await openBrowserPage(t, new URL(insp.url).origin);
  await page.goto(insp.url);
  const sampled = page.locator('tr[data-module="sampled"]');
  await sampled.locator('.cpu svg.sparkline polyline').waitFor();
  t.is(await sampled.locator('.cpu .num').textContent(), '2.5 %');
  t.is(await sampled.locator('.rss .num').textContent(), '39 MiB');
  t.is(await sampled.locator('.rss svg.sparkline').count(), 1);
  t.deepEqual(await sampled.locator('.badge.on').allTextContents(), ['process_group']);
  t.deepEqual(await sampled.locator('.badge.off').allTextContents(), ['bwrap_net']);

  const waiting = page.locator('tr[data-module="waiting"]');
  t.is(await waiting.locator('.cpu').textContent(), 'not sampled');
  t.is(await waiting.locator('.rss').textContent(), 'not sampled');
  t.is(await waiting.locator('.sandbox').textContent(), 'not reported');
  await waiting.click();
  await stateActive(page, 'module.backoff');
  const countdown = page.locator('#backoff-countdown');
  await countdown.waitFor();
  t.regex((await countdown.textContent()) ?? '', /^restarting in [12]m \d\ds$/);

  await saveScreenshot(page, 'inspector-overview.png');
  t.deepEqual(foreignRequests, []);
  t.deepEqual(errors, []);
});
