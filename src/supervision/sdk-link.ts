// Modules import `blvm` and `blvm/sdk` by name. Node looks for a package in node_modules of
// every parent directory of the importing file, so one link beside the verified snapshots,
// data/run/verified/node_modules/blvm → this package, resolves it for every module's code
// without a loader hook (a `--import`ed `module.register()` starts a loader thread in each
// module process, a measured share of every start, issue 19). The sandbox makes the same link.
import { mkdir, readlink, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../version.js';
import { verifiedSnapshotRoot } from './module-paths.js';

export function sdkLinkPath(dataDir: string): string {
  return join(verifiedSnapshotRoot(dataDir), 'node_modules', 'blvm');
}

/** Points the link at this package (idempotent: one readlink when it already does). */
export async function ensureSdkLink(dataDir: string, packageRoot: string = PACKAGE_ROOT): Promise<void> {
  const link = sdkLinkPath(dataDir);
  const current = await readlink(link).catch(() => null);
  if (current === packageRoot) return;
  await mkdir(dirname(link), { recursive: true });
  if (current !== null) await rm(link, { force: true });
  await symlink(packageRoot, link).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}
