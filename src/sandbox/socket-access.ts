// node.sock for modules running under their own uids: its directory (0750) and the socket
// (0660) belong to the module group every module process carries. Other host users still cannot
// connect, and the per-spawn token still authenticates each module.
import { constants } from 'node:fs';
import { chmod, lchown, lstat, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BlvmError } from '../errors.js';
import { MODULE_GID } from './module-user.js';

export async function shareNodeSocket(socketPath: string, daemonUid = process.getuid?.() ?? 0): Promise<void> {
  if (daemonUid !== 0) return;
  const dir = await open(dirname(socketPath), constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    await dir.chown(0, MODULE_GID);
    await dir.chmod(0o750);
  } finally {
    await dir.close();
  }
  if (!(await lstat(socketPath)).isSocket()) throw new BlvmError('conflict', `${socketPath} is not a socket; refusing to share it with modules`);
  await lchown(socketPath, 0, MODULE_GID);
  await chmod(socketPath, 0o660);
}
