// The sandbox of one module at load time: resolves the real paths bubblewrap binds (symlinked
// paths would bind the wrong place), the unprivileged identity the module runs as, and turns a
// refusal into the error that rejects the module.
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { BlvmError } from '../errors.js';
import { SETPRIV, setprivAvailable } from '../process/spawn-command.js';
import { modulePaths, nodeSocketPath } from '../supervision/module-paths.js';
import { PACKAGE_ROOT } from '../version.js';
import type { SandboxPaths } from './bwrap-args.js';
import { bwrapAvailability } from './bwrap-probe.js';
import { decideSandbox, type BwrapWrap } from './decide-sandbox.js';
import { moduleRunAs } from './module-user.js';
import { sdkLinkPath } from '../supervision/sdk-link.js';

const SERVICE_DIRS = ['/run'];

async function real(p: string): Promise<string> {
  return realpath(p).catch(() => path.resolve(p));
}

export async function sandboxPaths(config: NodeConfig, name: string, moduleDir: string): Promise<SandboxPaths> {
  // Below the data dir nothing is a link (the daemon refuses links there), so the real data dir is enough.
  const dataDir = await real(config.node.data_dir);
  const own = modulePaths(dataDir, name);
  return {
    dataDir,
    writableDirs: [own.db, own.work],
    readOnlyDirs: [own.run],
    workDir: own.work,
    moduleDir: await real(moduleDir),
    modulesDir: await real(config.modules.modules_dir),
    socketDir: path.dirname(nodeSocketPath(dataDir)),
    packageRoot: await real(PACKAGE_ROOT),
    sdkLink: sdkLinkPath(dataDir),
    serviceDirs: SERVICE_DIRS.filter((dir) => existsSync(dir)),
  };
}

/**
 * The bwrap wrapping of the module, null when it runs unsandboxed; throws when mode "bwrap"
 * cannot be met or the module's uid cannot be switched to.
 */
export async function moduleSandbox(config: NodeConfig, name: string, moduleDir: string, capabilities: string[]): Promise<BwrapWrap | null> {
  const availability = await bwrapAvailability();
  const user = config.sandbox.mode !== 'none' && availability.usable ? await moduleRunAs(config, name) : null;
  if (user && !setprivAvailable()) {
    throw new BlvmError('unavailable', `module ${name} cannot run as uid ${user.uid}: ${SETPRIV} (util-linux) is not installed (or set [sandbox] user = "root")`);
  }
  const decision = decideSandbox(config.sandbox.mode, availability, await sandboxPaths(config, name, moduleDir), capabilities, user);
  if (!decision.ok) throw new BlvmError('unavailable', `module ${name} cannot be sandboxed: ${decision.problem}`);
  return decision.sandbox;
}
