import test from 'ava';
import type { EventItem } from '../../src/bus/events-control.js';
import { waitUntil } from '../../src/testing/wait.js';
import { nodeWithProbes } from './helpers/probe.js';

const parse = (stdout: string): EventItem[] => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as EventItem);

test("blvm events --module NAME and glob --type 'Module*' show only that module's lifecycle events (issue 20)", async (t) => {
  const node = await nodeWithProbes(t, { alpha: {}, beta: {} });
  await node.waitForPhase('alpha', 'monitoring');
  await node.waitForPhase('beta', 'monitoring');
  t.is((await node.cli(['module', 'unload', 'alpha'])).exitCode, 0);
  t.is((await node.cli(['module', 'load', 'alpha'])).exitCode, 0);
  t.is((await node.cli(['chain', 'generate', '3'])).exitCode, 0);
  await waitUntil(async () => (await node.events(['NewBlock'])).length === 3, { message: 'three NewBlock events stored' });

  const alpha = parse((await node.cli(['events', '--module', 'alpha', '--type', 'Module*', '-n', '100', '--json'])).stdout);
  t.true(alpha.length >= 3, JSON.stringify(alpha));
  t.true(alpha.every((e) => e.type.startsWith('Module') && (e.data as { module_name: string }).module_name === 'alpha'), JSON.stringify(alpha));
  t.deepEqual(alpha.filter((e) => e.type === 'ModuleLoaded' || e.type === 'ModuleUnloaded').map((e) => e.type), ['ModuleLoaded', 'ModuleUnloaded', 'ModuleLoaded']);

  const modules = parse((await node.cli(['events', '--type', 'Module*', '-n', '1000', '--json'])).stdout);
  t.true(modules.some((e) => (e.data as { module_name: string }).module_name === 'beta'));
  t.false(modules.some((e) => e.type === 'NewBlock'));

  const newest = parse((await node.cli(['events', '--type', '*Block', '-n', '2', '--json'])).stdout);
  t.deepEqual(newest.map((e) => (e.data as { height: number }).height), [2, 3]);
});
