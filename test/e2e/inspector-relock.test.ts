import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { browserTest as test, DESKTOP, openBrowserPage, saveScreenshot } from '../inspector/helpers/browser.js';
import { nodeWithProbes } from './helpers/probe.js';
import { scaledTimeout } from '../../src/testing/wait.js';
import { inspectorInfo } from './helpers/inspector.js';

// A port free right now, so the restarted daemon serves the page at the same address.
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('while the daemon is down the header says so, and a restarted daemon re-checks the token and locks the page (issue 20)', async (t) => {
  const listen = `127.0.0.1:${await freePort()}`;
  const node = await nodeWithProbes(t, { steady: {} }, { inspector: listen });
  await node.waitForPhase('steady', 'monitoring');
  const info = await inspectorInfo(node);
  const token = (await readFile(info.token_file, 'utf8')).trim();
  const { page } = await openBrowserPage(t, new URL(info.url!).origin, DESKTOP);
  await page.goto(`${info.url}#token=${token}`);
  await page.locator('#access-badge', { hasText: 'actions enabled' }).waitFor();
  await page.locator('#node-facts .node-status.running').waitFor();

  t.is(await node.stop(), 0);
  await page.locator('#node-facts .node-status.down', { hasText: 'daemon not answering' }).waitFor({ timeout: scaledTimeout(15_000) });
  t.is(await page.locator('#node-facts .node-status.running').count(), 0, 'no green "running" while the daemon is down');
  t.is(await page.locator('#node-facts .node-uptime').count(), 0, 'no frozen uptime');
  await saveScreenshot(page, 'inspector-daemon-down.png', false);

  await node.start();
  await page.locator('#access-badge', { hasText: 'locked: the daemon restarted' }).waitFor({ timeout: scaledTimeout(30_000) });
  await page.locator('#node-facts .node-status.running').waitFor();
  t.true(await page.locator('button[data-action="restart"]').isDisabled(), 'actions are off until the new token is given');
  t.regex((await page.locator('#token-message').textContent()) ?? '', /new actions token/);
  await saveScreenshot(page, 'inspector-relocked.png', false);

  const fresh = (await readFile(info.token_file, 'utf8')).trim();
  t.not(fresh, token);
  await page.fill('#token-input', fresh);
  await page.locator('#token-form button[type="submit"]').click();
  await page.locator('#access-badge', { hasText: 'actions enabled' }).waitFor();
});
