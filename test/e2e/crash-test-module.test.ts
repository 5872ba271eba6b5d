import test from 'ava';
import { join } from 'node:path';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../../src/version.js';

async function crashTestNode(t: { teardown(fn: () => Promise<void>): void }, overrides: string): Promise<IsolatedNode> {
  const node = await IsolatedNode.create({
    copyModules: { 'crash-test': join(PACKAGE_ROOT, 'modules', 'crash-test') },
    extraConfig: `[modules.crash-test]\n${overrides}\n`,
  });
  t.teardown(() => node.destroy());
  return node;
}

test('crash-test exits with the configured code after crash_after and is restarted', async (t) => {
  const node = await crashTestNode(t, 'crash_after = "300ms"\nexit_code = 7');
  const m = await node.waitFor('crash-test', (s) => s.restarts >= 1 && s.last_exit?.code === 7);
  t.is(m.last_exit?.reason, 'crashed');
});

test('crash-test with hang_after stops answering pings and is restarted for ping_timeout', async (t) => {
  const node = await crashTestNode(t, 'hang_after = "200ms"');
  const m = await node.waitFor('crash-test', (s) => s.last_exit?.reason === 'ping_timeout', 30_000);
  t.true(m.last_exit!.byUs);
});

test('crash-test with fail_start fails before ready, and exit code 78 quarantines it at once', async (t) => {
  const node = await crashTestNode(t, 'fail_start = true\nexit_code = 78');
  const m = await node.waitForPhase('crash-test', 'quarantined');
  t.is(m.quarantine?.exits[0].code, 78);
  t.true((m.quarantine?.log_tail ?? []).some((l) => l.includes('failing at start as configured')));
});
