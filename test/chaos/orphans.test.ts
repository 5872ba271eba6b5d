import test from 'ava';
import { spawn } from 'node:child_process';
import { countOrphans } from '../../src/chaos/orphans.js';
import type { NodeObserver } from '../../src/chaos/observe.js';

function detachedSleep(): number {
  const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid!;
}

const observer = (seen: number[], live: { pid: number; pgid: number }[]) =>
  ({ seenGroups: new Set(seen), liveProcesses: async () => live }) as unknown as NodeObserver;

test('a process left in a group the node no longer supervises is an orphan; live groups and their ancestors are not', async (t) => {
  const leftover = detachedSleep();
  const current = detachedSleep();
  t.teardown(() => {
    for (const pid of [leftover, current]) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });
  t.is(await countOrphans(observer([leftover, current], [{ pid: current, pgid: current }])), 1);
  t.is(await countOrphans(observer([leftover, current], [{ pid: leftover, pgid: leftover }, { pid: current, pgid: current }])), 0);
});
