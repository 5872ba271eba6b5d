// The bubblewrap options of one module (pure): the system read-only, kernel tunables read-only,
// a private /tmp, the node's data dir and the modules dir hidden, then only the module's own
// directories (and the package root, for the SDK) made visible again. Mounts apply in order, so
// hides go from the shallowest path to the deepest and every exposure comes after the hides
// that cover it.
import path from 'node:path';

/** The namespace and privilege options of every sandboxed module (the availability trial uses them too). */
export const ISOLATION_FLAGS = ['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--new-session', '--die-with-parent', '--cap-drop', 'ALL'];

/**
 * What the switch to the module's uid needs: bwrap's --chdir into work/ (0700, the module's),
 * then setpriv's setuid/setgid and emptying the bounding set. setuid(2) away from root clears
 * them all again before the module runs; bwrap sets no_new_privs regardless.
 */
export const USER_SWITCH_CAPS = ['--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID', '--cap-add', 'CAP_SETPCAP', '--cap-add', 'CAP_DAC_READ_SEARCH'];

/**
 * Kernel interfaces of the fresh /proc made read-only (systemd's ProtectKernelTunables=):
 * /proc/sys/kernel/core_pattern alone is a way to run code as host root. /sys needs nothing:
 * it comes with the read-only bind of /.
 */
export const KERNEL_PATHS = ['/proc/sys', '/proc/sysrq-trigger', '/proc/irq', '/proc/bus'];

export interface SandboxPaths {
  /** The node's data dir: store, control socket, every module's data. Hidden. */
  dataDir: string;
  /** The module's own writable dirs (db/, work/): the only places it may write to (besides its private /tmp). */
  writableDirs: string[];
  /** Dirs the daemon writes for the module (run/: config.json): readable, never writable. */
  readOnlyDirs: string[];
  /** The module's working directory (work/). */
  workDir: string;
  /** The module's code: readable (a verified snapshot may live inside the hidden data dir). */
  moduleDir: string;
  /** Where every module's code lives: hidden except `moduleDir`. */
  modulesDir: string;
  /** Directory of the node socket: readable, so the module can connect. */
  socketDir: string;
  /** The blvm package (SDK in dist/, node_modules/): readable. */
  packageRoot: string;
  /** Where the link to `packageRoot` that resolves `blvm/sdk` for module code lives (src/supervision/sdk-link.ts). */
  sdkLink?: string;
  /** System directories of local services (e.g. /run with its sockets), hidden from modules without network. */
  serviceDirs: string[];
}

export interface BwrapOptions {
  /** The module holds network_access. */
  network: boolean;
  /** setpriv switches to the module's uid inside (bwrap keeps the capabilities it needs for that). */
  switchUser: boolean;
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

/**
 * `--dir` (0755) for each directory between the deepest hide covering `target` and `target`:
 * bwrap would otherwise create them with modes the module's unprivileged uid may not traverse.
 */
function traversableParents(target: string, hides: string[], made: Set<string>): string[] {
  const cover = hides.filter((h) => h !== target && isWithin(target, h)).sort((a, b) => depth(b) - depth(a))[0];
  if (cover === undefined) return [];
  const args: string[] = [];
  for (let dir = path.dirname(target); dir !== cover && isWithin(dir, cover); dir = path.dirname(dir)) {
    if (!made.has(dir)) args.unshift('--perms', '0755', '--dir', dir);
    made.add(dir);
  }
  return args;
}

/** Options for `bwrap <options> -- <command>`. */
export function bwrapArgs(paths: SandboxPaths, opts: BwrapOptions): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
  for (const kernel of KERNEL_PATHS) args.push('--ro-bind-try', kernel, kernel);
  const hides = hiddenPaths(paths, opts.network);
  const made = new Set<string>();
  const mount = (op: string, target: string): void => void args.push(...traversableParents(target, hides, made), op, target, target);
  for (const hide of hides) {
    args.push(...traversableParents(hide, hides, made), '--tmpfs', hide);
    if (isWithin(paths.packageRoot, hide)) mount('--ro-bind', paths.packageRoot);
  }
  mount('--ro-bind', paths.moduleDir);
  for (const dir of paths.writableDirs) mount('--bind', dir);
  for (const dir of paths.readOnlyDirs) mount('--ro-bind', dir);
  mount('--ro-bind', paths.socketDir);
  if (paths.sdkLink) args.push(...traversableParents(paths.sdkLink, hides, made), '--symlink', paths.packageRoot, paths.sdkLink);
  // The hiding tmpfs mounts become read-only once every mount point inside them exists (unless an
  // exposure covers the hide: the remount would then hit that exposure instead).
  const exposed = [paths.moduleDir, ...paths.writableDirs, ...paths.readOnlyDirs, paths.socketDir, paths.packageRoot];
  for (const hide of hides) {
    if (hide !== '/tmp' && !exposed.some((p) => isWithin(hide, p))) args.push('--remount-ro', hide);
  }
  args.push(...ISOLATION_FLAGS);
  if (opts.switchUser) args.push(...USER_SWITCH_CAPS);
  if (!opts.network) args.push('--unshare-net');
  args.push('--chdir', paths.workDir);
  return args;
}
