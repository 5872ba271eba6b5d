// Whether the daemon's log output (stderr) is connected to the systemd journal: $JOURNAL_STREAM
// holds "<device>:<inode>" of the stream systemd attached; it only counts if stderr is that stream.
import { fstatSync } from 'node:fs';

export function journalOwnsFd(env: NodeJS.ProcessEnv, fd = 2): boolean {
  const match = /^(\d+):(\d+)$/.exec(env.JOURNAL_STREAM ?? '');
  if (!match) return false;
  try {
    const stat = fstatSync(fd, { bigint: true });
    return stat.dev === BigInt(match[1]) && stat.ino === BigInt(match[2]);
  } catch {
    return false;
  }
}
