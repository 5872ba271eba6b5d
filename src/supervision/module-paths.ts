// Where a module's files live under the node's data dir (docs/monitoring-and-sandbox.md, layout):
// the module's directory is the daemon's; only db/ and work/ belong to the module.
import { join } from 'node:path';

export interface ModulePaths {
  /** data/modules/<m>: daemon-owned (0755), never writable by the module; BLVM_DATA_DIR. */
  root: string;
  /** Module-writable (its uid, 0700): the SDK's databases. */
  db: string;
  /** Module-writable (its uid, 0700): scratch files and the module's working directory. */
  work: string;
  /** Daemon-owned (0700), never visible to the module: output.log and its rotations. */
  logs: string;
  /** Daemon-owned (0755), bound read-only into the sandbox: files the daemon writes for the module. */
  run: string;
  /** run/config.json: the merged config (0644); BLVM_CONFIG. */
  configJson: string;
}

export function modulePaths(dataDir: string, module: string): ModulePaths {
  const root = join(dataDir, 'modules', module);
  const run = join(root, 'run');
  return { root, db: join(root, 'db'), work: join(root, 'work'), logs: join(root, 'logs'), run, configJson: join(run, 'config.json') };
}

/** Files of the layout before db/work/logs/run were split, removed (never followed) when a module loads. */
export function legacyModuleFiles(dataDir: string, module: string): string[] {
  const root = join(dataDir, 'modules', module);
  return [join(root, 'config.json'), join(root, 'config.json.tmp')];
}

/** Root of the daemon-owned, read-only snapshots of verified module trees: data/run/verified/<id>. */
export function verifiedSnapshotRoot(dataDir: string): string {
  return join(dataDir, 'run', 'verified');
}

/** The persisted uid of every module that runs under a dynamic user. */
export function moduleUsersPath(dataDir: string): string {
  return join(dataDir, 'run', 'module-users.json');
}

export function nodeSocketPath(dataDir: string): string {
  return join(dataDir, 'sockets', 'node.sock');
}

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'control.sock');
}

/** Root of the content-addressed, read-only snapshots of verified module trees (data/run/verified/<id>/). */
export function verifiedSnapshotsDir(dataDir: string): string {
  return join(dataDir, 'run', 'verified');
}
