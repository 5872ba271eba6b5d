// A module that closes its node socket but keeps running is not reported dead at the close
// (issue 19): the socket's end is no exit, and the module is stopped as disconnected.
import test from 'ava';
import { readProcStat } from '../../src/process/proc-stat.js';
import { needBwrap } from '../sandbox/helpers.js';
import { nodeWithProbes } from './helpers/probe.js';
import { gone } from './helpers/processes.js';

test('a sandboxed module that hangs up and runs on is stopped as disconnected, not reported as a crash (issue 19)', async (t) => {
  if (!(await needBwrap(t))) return;
  const node = await nodeWithProbes(t, { lonely: { mode: 'hang-up' } });
  const first = await node.waitFor('lonely', (m) => m.phase === 'monitoring' && m.pid !== null);
  const pid = first.pid!;
  t.is(readProcStat(readProcStat(pid)?.ppid ?? 0)?.comm, 'bwrap', 'the module runs in a sandbox');
  const stopped = await node.waitFor('lonely', (m) => m.last_exit?.reason === 'disconnected');
  t.like(stopped.last_exit, { reason: 'disconnected', byUs: true });
  t.true(await gone(pid));
});
