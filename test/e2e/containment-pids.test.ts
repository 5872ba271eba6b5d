import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeWithFixtures } from '../fixtures/containment/node.js';
import { needBwrap } from '../sandbox/helpers.js';
import { readProcStat } from '../../src/process/proc-stat.js';
import type { IsolatedNode } from '../../src/testing/isolated-node.js';
import { gone, hostGrandchild, isAlive } from './helpers/processes.js';

const innerPid = (node: IsolatedNode) => readFile(join(node.dataDir, 'modules', 'parent', 'work', 'grandchild.pid'), 'utf8').then(Number);

test('a sandboxed module is reported and signalled by its host pid, and its grandchildren go with it on unload', async (t) => {
  if (!(await needBwrap(t))) return;
  const node = await nodeWithFixtures(t, { parent: { fixture: 'probe' } }, { extraConfig: '[modules.parent]\nmode = "grandchild"\n' });
  const m = await node.waitForPhase('parent', 'monitoring');
  t.regex(readProcStat(m.pid!)?.comm ?? '', /node/);
  const grandchild = await hostGrandchild(m.pid!);
  t.not(await innerPid(node), grandchild, 'the module sees namespace pids');
  t.is((await node.cli(['module', 'unload', 'parent'])).exitCode, 0);
  const stopped = await node.waitForPhase('parent', 'stopped');
  t.like(stopped.last_exit, { reason: 'stopped', byUs: true });
  t.true(await gone(m.pid!));
  t.true(await gone(grandchild));
});

test('after the daemon is SIGKILLed nothing of a sandboxed module outlives the next start', async (t) => {
  if (!(await needBwrap(t))) return;
  const node = await nodeWithFixtures(t, { parent: { fixture: 'probe' } }, { extraConfig: '[modules.parent]\nmode = "grandchild"\n' });
  const m = await node.waitForPhase('parent', 'monitoring');
  const grandchild = await hostGrandchild(m.pid!);
  await node.killDaemon();
  await node.start();
  t.true(await gone(m.pid!));
  t.true(await gone(grandchild));
  const back = await node.waitForPhase('parent', 'monitoring');
  t.not(back.pid, m.pid);
});
