import test from 'ava';
import { readFileSync } from 'node:fs';
import { parseLimits } from '../../src/process/own-rlimits.js';
import { PID1_PRELOAD, PRLIMIT, planSpawn, prlimitAvailable } from '../../src/process/spawn-command.js';
import { fixture } from './helpers.js';
import { startProcess } from './actor-harness.js';

const sandbox = { bwrap: '/usr/bin/bwrap', args: ['--unshare-pid', '--tmpfs', '/tmp'] };

test('limits read from /proc/<pid>/limits keep soft and hard values, unlimited as Infinity', (t) => {
  const text = [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max core file size        0                    unlimited            bytes     ',
    'Max processes             96367                96367                processes ',
    'Max open files            1024                 20000                files     ',
  ].join('\n');
  t.deepEqual(parseLimits(text), { core: { soft: 0, hard: Infinity }, nproc: { soft: 96367, hard: 96367 }, nofile: { soft: 1024, hard: 20000 } });
});

test('a Node entry is run by this Node binary with the entry as its argument, not through env (issue 19)', (t) => {
  const entry = fixture('sleeper.js');
  t.deepEqual(planSpawn(entry, { args: ['a'], rlimits: {} }, false), { file: process.execPath, args: [entry, 'a'], rlimits: 'none', sandboxed: false, asPid1: false });
});

test('a script with another interpreter is executed as it is (issue 19)', (t) => {
  const entry = fixture('print-limits.sh');
  t.like(planSpawn(entry, { args: [], rlimits: {} }, false), { file: entry, args: [], asPid1: false });
});

test('a sandboxed Node entry becomes PID 1 of the sandbox with the signal preload (issue 19)', (t) => {
  const entry = fixture('sleeper.js');
  const plan = planSpawn(entry, { args: [], rlimits: {}, sandbox }, false);
  t.deepEqual(plan, {
    file: '/usr/bin/bwrap',
    args: ['--unshare-pid', '--tmpfs', '/tmp', '--as-pid-1', '--', process.execPath, `--require=${PID1_PRELOAD}`, entry],
    rlimits: 'none',
    sandboxed: true,
    asPid1: true,
  });
});

test('a Node binary the sandbox hides is not used: the entry runs as it is, below the sandbox init (issue 19)', (t) => {
  const entry = fixture('sleeper.js');
  const hidden = { ...sandbox, args: [...sandbox.args, '--tmpfs', process.execPath.split('/').slice(0, 2).join('/')] };
  t.like(planSpawn(entry, { args: [], rlimits: {}, sandbox: hidden }, false), { asPid1: false, args: [...hidden.args, '--', entry] });
});

test('the default RLIMIT_CORE of 0 is taken on by the daemon once and inherited: no prlimit process per start (issue 19)', async (t) => {
  if (!prlimitAvailable()) {
    t.log('prlimit is not installed here; nothing to check');
    t.pass();
    return;
  }
  const plan = planSpawn(fixture('print-limits.sh'), { args: [], rlimits: { core: 0 } });
  t.like(plan, { file: fixture('print-limits.sh'), rlimits: 'inherited' });
  t.regex(readFileSync('/proc/self/limits', 'latin1'), /^Max core file size\s+0\s+0\s+bytes/m);
  const h = await startProcess(t, { command: fixture('print-limits.sh'), rlimits: { core: 0 } });
  t.like(await h.exited(), { reason: 'exited' });
  t.regex(await h.line(/^Max core file size/), /^Max core file size\s+0\s+0\s+bytes/);
});

test('limits that differ from the daemon\'s own still go through prlimit, only those (issue 19)', (t) => {
  if (!prlimitAvailable()) {
    t.pass();
    return;
  }
  const plan = planSpawn(fixture('print-limits.sh'), { args: [], rlimits: { nofile: 64, core: 0 } });
  t.like(plan, { file: PRLIMIT, rlimits: 'applied' });
  t.deepEqual(plan.args.slice(0, 2), ['--nofile=64:64', '--']);
});

test('an unsandboxed Node module process is this Node binary running the entry, with no env in between (issue 19)', async (t) => {
  const h = await startProcess(t, { command: fixture('sleeper.js') });
  const { pid } = await h.spawned();
  await h.line(/^ready$/);
  t.deepEqual(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean), [process.execPath, fixture('sleeper.js')]);
  h.send({ type: 'process.stop', reason: 'stopped', graceful: false });
  t.like(await h.exited(), { signal: 'SIGTERM' });
});

test('without prlimit, limits the daemon already has are inherited and only others are unavailable (issue 19)', (t) => {
  const own = parseLimits(readFileSync('/proc/self/limits', 'latin1'));
  const nofile = own.nofile!;
  const file = fixture('print-limits.sh');
  if (nofile.soft === nofile.hard) t.like(planSpawn(file, { args: [], rlimits: { nofile: nofile.soft } }, false), { file, rlimits: 'inherited' });
  const other = nofile.hard === 64 ? 65 : 64;
  t.like(planSpawn(file, { args: [], rlimits: { nofile: other } }, false), { file, rlimits: 'unavailable' });
});
