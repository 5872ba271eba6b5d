import test from 'ava';
import type { Limits } from '../../src/config/types.js';
import { decideSandbox, sandboxWarning } from '../../src/sandbox/decide-sandbox.js';
import { describeLayers, type LayerInput } from '../../src/sandbox/sandbox-layers.js';
import type { SandboxPaths } from '../../src/sandbox/bwrap-args.js';
import type { BwrapAvailability } from '../../src/sandbox/types.js';

const usable: BwrapAvailability = { path: '/usr/bin/bwrap', usable: true, reason: null };
const missing: BwrapAvailability = { path: null, usable: false, reason: 'bubblewrap (bwrap) is not installed' };
const paths: SandboxPaths = {
  dataDir: '/d',
  writableDirs: ['/d/modules/m/db', '/d/modules/m/work'],
  readOnlyDirs: ['/d/modules/m/run'],
  workDir: '/d/modules/m/work',
  moduleDir: '/m/m',
  modulesDir: '/m',
  socketDir: '/d/sockets',
  packageRoot: '/p',
  serviceDirs: [],
};
const limits: Limits = { memory_samples: 3, cpu_window: 10_000, kill_on_cpu_limit: false };

test('mode auto wraps the module in bwrap when it is usable and runs it bare when it is not', (t) => {
  const wrapped = decideSandbox('auto', usable, paths, []);
  t.true(wrapped.ok && wrapped.sandbox?.bwrap === '/usr/bin/bwrap' && wrapped.sandbox.args.includes('--unshare-net'));
  t.deepEqual(decideSandbox('auto', missing, paths, []), { ok: true, sandbox: null });
});

test('mode bwrap refuses to start a module without a usable bwrap, naming why', (t) => {
  const decision = decideSandbox('bwrap', missing, paths, []);
  t.false(decision.ok);
  t.regex(!decision.ok ? decision.problem : '', /\[sandbox\] mode = "bwrap" but bubblewrap \(bwrap\) is not installed/);
});

test('mode none never sandboxes, even with bwrap at hand', (t) => {
  t.deepEqual(decideSandbox('none', usable, paths, []), { ok: true, sandbox: null });
});

test('only mode auto on a machine without a usable bwrap carries the loud warning', (t) => {
  t.regex(sandboxWarning('auto', missing) ?? '', /^SANDBOX OFF: bubblewrap \(bwrap\) is not installed; .*mode = "none"/);
  t.is(sandboxWarning('auto', usable), undefined);
  t.is(sandboxWarning('none', missing), undefined);
  t.is(sandboxWarning('bwrap', missing), undefined);
});

const input = (over: Partial<LayerInput>): LayerInput => ({ mode: 'auto', availability: usable, limits, prlimit: true, spec: null, ...over });
const layer = (report: ReturnType<typeof describeLayers>, name: string) => report.layers.find((l) => l.name === name)!;

test('the layers of a running sandboxed module say what was applied to it', (t) => {
  const user = { uid: 1_879_048_193, gid: 1_879_048_193, groups: [1_879_048_192], source: 'dynamic' as const };
  const spec = { sandbox: { bwrap: '/usr/bin/bwrap', args: ['--unshare-net'], user }, rlimits: { nofile: 64, core: 0 }, capabilities: [] };
  const report = describeLayers(input({ spec, limits: { ...limits, max_memory: 64 * 2 ** 20 } }));
  t.deepEqual(report.layers.map((l) => [l.name, l.active]), [
    ['process_group', true],
    ['rlimits', true],
    ['watchdog', true],
    ['bwrap_fs', true],
    ['bwrap_net', true],
    ['cgroup', false],
    ['user', true],
  ]);
  t.is(layer(report, 'user').detail, 'uid 1879048193, gid 1879048193 (dedicated dynamic uid)');
  t.false(report.runs_as_root);
  t.is(layer(report, 'rlimits').detail, 'prlimit NOFILE=64 CORE=0');
  t.regex(layer(report, 'watchdog').detail, /RSS over 64MiB for 3 samples: stop/);
  t.is(report.warning, undefined);
});

test('a module holding network_access is reported without the network layer', (t) => {
  const spec = { sandbox: { bwrap: '/usr/bin/bwrap', args: [] }, rlimits: {}, capabilities: ['network_access'] };
  t.like(layer(describeLayers(input({ spec })), 'bwrap_net'), { active: false });
});

test('without bwrap in mode auto the bwrap layers are off with the reason and the warning is set', (t) => {
  const report = describeLayers(input({ availability: missing }));
  t.like(layer(report, 'bwrap_fs'), { active: false, detail: 'bubblewrap (bwrap) is not installed' });
  t.regex(report.warning ?? '', /SANDBOX OFF/);
});

test('without prlimit or limits the rlimits and watchdog layers say why they are off', (t) => {
  const report = describeLayers(input({ prlimit: false }));
  t.like(layer(report, 'rlimits'), { active: false, detail: 'prlimit (util-linux) is not installed' });
  t.like(layer(report, 'watchdog'), { active: false, detail: 'sampled only: no max_memory or max_cpu_percent' });
});

test('a root daemon in mode none reports that its modules run as root (issue 13)', (t) => {
  const report = describeLayers(input({ mode: 'none', daemonUid: 0 }));
  t.like(layer(report, 'user'), { active: false, detail: 'runs as root: [sandbox] mode = "none"' });
  t.true(report.runs_as_root);
  const sandboxedAsRoot = describeLayers(input({ user: 'root', daemonUid: 0, spec: { sandbox: { bwrap: '/usr/bin/bwrap', args: [], user: null }, rlimits: {}, capabilities: [] } }));
  t.like(layer(sandboxedAsRoot, 'user'), { active: false, detail: 'runs as root: [sandbox] user = "root"' });
  t.true(sandboxedAsRoot.runs_as_root);
});

test('before its first start a sandboxed module is reported with the uid it will get', (t) => {
  const report = describeLayers(input({ daemonUid: 0 }));
  t.like(layer(report, 'user'), { active: true, detail: 'a dedicated dynamic uid, allocated at start' });
  t.false(report.runs_as_root);
  t.like(layer(describeLayers(input({ mode: 'none', daemonUid: 1000 })), 'user'), { active: true });
  t.false(describeLayers(input({ mode: 'none', daemonUid: 1000 })).runs_as_root, 'a daemon that is not root runs nobody as root');
});
