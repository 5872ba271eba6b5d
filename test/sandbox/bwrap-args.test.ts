import test from 'ava';
import { bwrapArgs, isWithin, type SandboxPaths } from '../../src/sandbox/bwrap-args.js';

const paths: SandboxPaths = {
  dataDir: '/srv/blvm/data',
  moduleDataDir: '/srv/blvm/data/modules/m',
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
    if (['--ro-bind', '--bind'].includes(args[i])) {
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

test('the system is read-only, /tmp private, and the node data dir and other modules are hidden before the own dirs come back', (t) => {
  const ops = mounts(bwrapArgs(paths, false));
  t.deepEqual(ops.slice(0, 3), [['--ro-bind', '/'], ['--dev', '/dev'], ['--proc', '/proc']]);
  for (const hidden of ['/tmp', '/run', paths.modulesDir, paths.dataDir]) t.true(index(ops, '--tmpfs', hidden) > 0, hidden);
  t.true(index(ops, '--bind', paths.moduleDataDir) > index(ops, '--tmpfs', paths.dataDir));
  t.true(index(ops, '--ro-bind', paths.moduleDir) > index(ops, '--tmpfs', paths.modulesDir));
  t.true(index(ops, '--ro-bind', paths.socketDir) > index(ops, '--tmpfs', paths.dataDir));
  t.is(ops.filter(([o]) => o === '--bind').length, 1, 'the only writable bind is the own data dir');
  t.true(index(ops, '--remount-ro', paths.dataDir) > index(ops, '--bind', paths.moduleDataDir));
  t.true(index(ops, '--remount-ro', paths.modulesDir) > 0);
  t.is(index(ops, '--remount-ro', '/tmp'), -1, 'the private /tmp stays writable');
});

test('every module gets its own pid namespace, a new session, death with its parent and no capabilities', (t) => {
  const args = bwrapArgs(paths, false);
  for (const flag of ['--unshare-pid', '--unshare-ipc', '--new-session', '--die-with-parent', '--unshare-net']) t.true(args.includes(flag), flag);
  t.is(args[args.indexOf('--cap-drop') + 1], 'ALL');
  t.is(args[args.indexOf('--chdir') + 1], paths.moduleDataDir);
  t.false(args.includes('--'), 'the command separator is added by the spawn plan');
});

test('network_access keeps the network and the local service dirs', (t) => {
  const args = bwrapArgs(paths, true);
  t.false(args.includes('--unshare-net'));
  t.is(index(mounts(args), '--tmpfs', '/run'), -1);
});

test('a package root under /tmp is bound back after the private /tmp hides it, before the data dir inside it is hidden', (t) => {
  const inTmp: SandboxPaths = {
    ...paths,
    packageRoot: '/tmp/clone',
    dataDir: '/tmp/clone/data',
    moduleDataDir: '/tmp/clone/data/modules/m',
    socketDir: '/tmp/clone/data/sockets',
    modulesDir: '/tmp/clone/modules',
    moduleDir: '/tmp/clone/modules/m',
  };
  const ops = mounts(bwrapArgs(inTmp, false));
  const rebind = index(ops, '--ro-bind', '/tmp/clone');
  t.true(rebind > index(ops, '--tmpfs', '/tmp'));
  t.true(rebind < index(ops, '--tmpfs', '/tmp/clone/data'));
  t.true(rebind < index(ops, '--tmpfs', '/tmp/clone/modules'));
});

test('a hide covered by an exposed dir is not remounted read-only (the remount would hit the exposed dir)', (t) => {
  const odd: SandboxPaths = { ...paths, modulesDir: '/srv/blvm/data/modules/m/code', moduleDir: '/srv/blvm/data/modules/m/code/m' };
  const ops = mounts(bwrapArgs(odd, false));
  t.is(index(ops, '--remount-ro', odd.modulesDir), -1);
  t.true(index(ops, '--remount-ro', odd.dataDir) > 0);
});

test('isWithin compares whole path segments', (t) => {
  t.true(isWithin('/a/b', '/a'));
  t.true(isWithin('/a', '/a'));
  t.false(isWithin('/ab', '/a'));
  t.false(isWithin('/', '/a'));
});
