// Where a module's files live under the node's data dir (design section 8).
import { join } from 'node:path';

export interface ModulePaths {
  root: string;
  db: string;
  logs: string;
  configJson: string;
}

export function modulePaths(dataDir: string, module: string): ModulePaths {
  const root = join(dataDir, 'modules', module);
  return { root, db: join(root, 'db'), logs: join(root, 'logs'), configJson: join(root, 'config.json') };
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
