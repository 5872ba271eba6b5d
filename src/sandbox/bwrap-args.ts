// The bubblewrap options of one module (pure): the system read-only, a private /tmp, the
// node's data dir and the modules dir hidden, then only the module's own directories (and the
// package root, for the SDK) made visible again. Mounts apply in order, so hides go from the
// shallowest path to the deepest and every exposure comes after the hides that cover it.
import path from 'node:path';

/** The namespace and privilege options of every sandboxed module (the availability trial uses them too). */
export const ISOLATION_FLAGS = ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--new-session', '--die-with-parent', '--cap-drop', 'ALL'];

export interface SandboxPaths {
  /** The node's data dir: store, control socket, every module's data. Hidden. */
  dataDir: string;
  /** The module's own data dir: the only place it may write to (besides its private /tmp). */
  moduleDataDir: string;
  /** The module's code: readable. */
  moduleDir: string;
  /** Where every module's code lives: hidden except `moduleDir`. */
  modulesDir: string;
  /** Directory of the node socket: readable, so the module can connect. */
  socketDir: string;
  /** The blvm package (SDK in dist/, node_modules/): readable. */
  packageRoot: string;
  /** System directories of local services (e.g. /run with its sockets), hidden from modules without network. */
  serviceDirs: string[];
}

export function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const depth = (p: string): number => p.split('/').filter(Boolean).length;

/** Hidden paths, shallowest first (a deeper tmpfs must not be buried by a later shallower one). */
function hiddenPaths(paths: SandboxPaths, network: boolean): string[] {
  const hides = ['/tmp', ...(network ? [] : paths.serviceDirs), paths.modulesDir, paths.dataDir];
  return [...new Set(hides.map((p) => path.resolve(p)))].sort((a, b) => depth(a) - depth(b));
}

/** Options for `bwrap <options> -- <command>`; `network` is true when the module holds network_access. */
export function bwrapArgs(paths: SandboxPaths, network: boolean): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
  const hides = hiddenPaths(paths, network);
  for (const hide of hides) {
    args.push('--tmpfs', hide);
    if (isWithin(paths.packageRoot, hide)) args.push('--ro-bind', paths.packageRoot, paths.packageRoot);
  }
  args.push('--ro-bind', paths.moduleDir, paths.moduleDir);
  args.push('--bind', paths.moduleDataDir, paths.moduleDataDir);
  args.push('--ro-bind', paths.socketDir, paths.socketDir);
  // The hiding tmpfs mounts become read-only once every mount point inside them exists (unless an
  // exposure covers the hide: the remount would then hit that exposure instead).
  const exposed = [paths.moduleDir, paths.moduleDataDir, paths.socketDir, paths.packageRoot];
  for (const hide of hides) {
    if (hide !== '/tmp' && !exposed.some((p) => isWithin(hide, p))) args.push('--remount-ro', hide);
  }
  args.push(...ISOLATION_FLAGS);
  if (!network) args.push('--unshare-net');
  args.push('--chdir', paths.moduleDataDir);
  return args;
}
