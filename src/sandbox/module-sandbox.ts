// The sandbox of one module at load time: resolves the real paths bubblewrap binds (symlinked
// paths would bind the wrong place) and turns a refusal into the error that rejects the module.
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { BlvmError } from '../errors.js';
import { modulePaths, nodeSocketPath } from '../supervision/module-paths.js';
import { PACKAGE_ROOT } from '../version.js';
import type { SandboxPaths } from './bwrap-args.js';
import { bwrapAvailability } from './bwrap-probe.js';
import { decideSandbox, type BwrapWrap } from './decide-sandbox.js';

const SERVICE_DIRS = ['/run'];

async function real(p: string): Promise<string> {
  return realpath(p).catch(() => path.resolve(p));
}

export async function sandboxPaths(config: NodeConfig, name: string, moduleDir: string): Promise<SandboxPaths> {
  const dataDir = config.node.data_dir;
  return {
    dataDir: await real(dataDir),
    moduleDataDir: await real(modulePaths(dataDir, name).root),
    moduleDir: await real(moduleDir),
    modulesDir: await real(config.modules.modules_dir),
    socketDir: await real(path.dirname(nodeSocketPath(dataDir))),
    packageRoot: await real(PACKAGE_ROOT),
    serviceDirs: SERVICE_DIRS.filter((dir) => existsSync(dir)),
  };
}

/** The bwrap wrapping of the module, null when it runs unsandboxed; throws when mode "bwrap" cannot be met. */
export async function moduleSandbox(config: NodeConfig, name: string, moduleDir: string, capabilities: string[]): Promise<BwrapWrap | null> {
  const decision = decideSandbox(config.sandbox.mode, await bwrapAvailability(), await sandboxPaths(config, name, moduleDir), capabilities);
  if (!decision.ok) throw new BlvmError('unavailable', `module ${name} cannot be sandboxed: ${decision.problem}`);
  return decision.sandbox;
}
