import test from 'ava';
import { bwrapArgs, isWithin, KERNEL_PATHS, type BwrapOptions, type SandboxPaths } from '../../src/sandbox/bwrap-args.js';

const paths: SandboxPaths = {
  dataDir: '/srv/blvm/data',
  writableDirs: ['/srv/blvm/data/modules/m/db', '/srv/blvm/data/modules/m/work'],
  readOnlyDirs: ['/srv/blvm/data/modules/m/run'],
  workDir: '/srv/blvm/data/modules/m/work',
  moduleDir: '/srv/blvm/modules/m',
  modulesDir: '/srv/blvm/modules',
  socketDir: '/srv/blvm/data/sockets',
  packageRoot: '/opt/blvm',
  serviceDirs: ['/run'],
};

/** The mount operations in order, as [option, path] pairs. */
function mounts(args: string[]): string[][] {
  const ops: string[][] = [];
  for (let i = 0; i < args.length; i++) {
    if (['--ro-bind', '--bind', '--ro-bind-try'].includes(args[i])) {
      ops.push([args[i], args[i + 2]]);
      i += 2;
    } else if (['--tmpfs', '--remount-ro', '--dev', '--proc'].includes(args[i])) {
      ops.push([args[i], args[i + 1]]);
      i += 1;
    }
  }
  return ops;
}

const index = (ops: string[][], op: string, p: string) => ops.findIndex(([o, q]) => o === op && q === p);
const root: BwrapOptions = { network: false, switchUser: false };

test('the system is read-only, /tmp private, and the node data dir and other modules are hidden before the own dirs come back', (t) => {
  const ops = mounts(bwrapArgs(paths, root));
  t.deepEqual(ops.slice(0, 3), [['--ro-bind', '/'], ['--dev', '/dev'], ['--proc', '/proc']]);
  for (const hidden of ['/tmp', '/run', paths.modulesDir, paths.dataDir]) t.true(index(ops, '--tmpfs', hidden) > 0, hidden);
  for (const dir of paths.writableDirs) t.true(index(ops, '--bind', dir) > index(ops, '--tmpfs', paths.dataDir), dir);
  t.true(index(ops, '--ro-bind', paths.readOnlyDirs[0]) > index(ops, '--tmpfs', paths.dataDir));
  t.true(index(ops, '--ro-bind', paths.moduleDir) > index(ops, '--tmpfs', paths.modulesDir));
  t.true(index(ops, '--ro-bind', paths.socketDir) > index(ops, '--tmpfs', paths.dataDir));
  t.deepEqual(ops.filter(([o]) => o === '--bind').map(([, p]) => p), paths.writableDirs, 'the only writable binds are db/ and work/');
  t.true(index(ops, '--remount-ro', paths.dataDir) > index(ops, '--bind', paths.writableDirs[1]));
  t.true(index(ops, '--remount-ro', paths.modulesDir) > 0);
  t.is(index(ops, '--remount-ro', '/tmp'), -1, 'the private /tmp stays writable');
});

test('every module gets its own pid namespace, a new session, death with its parent and no capabilities', (t) => {
  const args = bwrapArgs(paths, root);
  for (const flag of ['--unshare-pid', '--unshare-ipc', '--new-session', '--die-with-parent', '--unshare-net']) t.true(args.includes(flag), flag);
  t.is(args[args.indexOf('--cap-drop') + 1], 'ALL');
  t.is(args[args.indexOf('--chdir') + 1], paths.workDir);
  t.false(args.includes('--cap-add'), 'no capability is kept when no uid switch follows');
  t.false(args.includes('--'), 'the command separator is added by the spawn plan');
});

test('network_access keeps the network and the local service dirs', (t) => {
  const args = bwrapArgs(paths, { network: true, switchUser: false });
  t.false(args.includes('--unshare-net'));
  t.is(index(mounts(args), '--tmpfs', '/run'), -1);
});

test('a package root under /tmp is bound back after the private /tmp hides it, before the data dir inside it is hidden', (t) => {
  const inTmp: SandboxPaths = {
    ...paths,
    packageRoot: '/tmp/clone',
    dataDir: '/tmp/clone/data',
    writableDirs: ['/tmp/clone/data/modules/m/db', '/tmp/clone/data/modules/m/work'],
    readOnlyDirs: ['/tmp/clone/data/modules/m/run'],
    workDir: '/tmp/clone/data/modules/m/work',
    socketDir: '/tmp/clone/data/sockets',
    modulesDir: '/tmp/clone/modules',
    moduleDir: '/tmp/clone/modules/m',
  };
  const ops = mounts(bwrapArgs(inTmp, root));
  const rebind = index(ops, '--ro-bind', '/tmp/clone');
  t.true(rebind > index(ops, '--tmpfs', '/tmp'));
  t.true(rebind < index(ops, '--tmpfs', '/tmp/clone/data'));
  t.true(rebind < index(ops, '--tmpfs', '/tmp/clone/modules'));
});

test('a hide covered by an exposed dir is not remounted read-only (the remount would hit the exposed dir)', (t) => {
  const odd: SandboxPaths = { ...paths, modulesDir: '/srv/blvm/data/modules/m/work/code', moduleDir: '/srv/blvm/data/modules/m/work/code/m' };
  const ops = mounts(bwrapArgs(odd, root));
  t.is(index(ops, '--remount-ro', odd.modulesDir), -1);
  t.true(index(ops, '--remount-ro', odd.dataDir) > 0);
});

test('a verified snapshot inside the hidden data dir is bound back read-only and never writable (issue 13)', (t) => {
  const snapshot = '/srv/blvm/data/run/verified/0123abcd';
  const ops = mounts(bwrapArgs({ ...paths, moduleDir: snapshot }, root));
  t.true(index(ops, '--ro-bind', snapshot) > index(ops, '--tmpfs', paths.dataDir), 'exposed after the data dir is hidden');
  t.is(index(ops, '--bind', snapshot), -1);
  t.false(ops.some(([o, p]) => o === '--bind' && isWithin(snapshot, p)), 'no writable bind covers the snapshot');
  t.true(index(ops, '--remount-ro', paths.dataDir) > index(ops, '--ro-bind', snapshot), 'the rest of the data dir stays a read-only empty tmpfs');
});

test('kernel tunables of the fresh /proc are bound read-only after /proc is mounted (issue 13)', (t) => {
  const ops = mounts(bwrapArgs(paths, root));
  for (const kernel of ['/proc/sys', '/proc/sysrq-trigger', '/proc/irq', '/proc/bus']) {
    t.true(index(ops, '--ro-bind-try', kernel) > index(ops, '--proc', '/proc'), kernel);
  }
  t.is(KERNEL_PATHS.length, 4);
});

test('a uid switch keeps exactly the capabilities setpriv needs, after dropping all of them', (t) => {
  const args = bwrapArgs(paths, { network: false, switchUser: true });
  const kept = args.flatMap((a, i) => (a === '--cap-add' ? [args[i + 1]] : []));
  t.deepEqual(kept, ['CAP_SETUID', 'CAP_SETGID', 'CAP_SETPCAP', 'CAP_DAC_READ_SEARCH']);
  t.true(args.indexOf('--cap-drop') < args.indexOf('--cap-add'));
});

test('isWithin compares whole path segments', (t) => {
  t.true(isWithin('/a/b', '/a'));
  t.true(isWithin('/a', '/a'));
  t.false(isWithin('/ab', '/a'));
  t.false(isWithin('/', '/a'));
});

test('the link that resolves blvm/sdk is made inside the hidden data dir before it is remounted read-only (issue 19)', (t) => {
  const link = '/srv/blvm/data/run/verified/node_modules/blvm';
  const args = bwrapArgs({ ...paths, sdkLink: link }, { network: false, switchUser: false });
  const at = args.indexOf('--symlink');
  t.deepEqual(args.slice(at, at + 3), ['--symlink', '/opt/blvm', link]);
  t.true(at < args.indexOf('--remount-ro'), 'the link exists before the data dir becomes read-only');
  t.true(args.includes('/srv/blvm/data/run/verified/node_modules'), 'its parent dirs are made traversable');
});
