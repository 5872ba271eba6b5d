// What is done once a module's leader process is gone: nothing of its group may outlive it,
// and its output pipes are closed even when a descriptor leaked to a process elsewhere.
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Logger } from '../log/logger.js';
import { groupMembers, signalGroup, waitGroupGone } from './process-group.js';

const SURVIVOR_GONE_MS = 2_000;

/** SIGKILLs every live member left in the group and waits for them; returns how many there were. */
export async function killGroupSurvivors(pgid: number, log: Logger): Promise<number> {
  const survivors = groupMembers(pgid);
  if (survivors.length === 0) return 0;
  log.warn('killing processes left in the module process group', { pgid, pids: survivors });
  signalGroup(pgid, 'SIGKILL');
  if (!(await waitGroupGone(pgid, SURVIVOR_GONE_MS))) {
    log.error('module processes survived SIGKILL', { pgid, pids: groupMembers(pgid) });
  }
  return survivors.length;
}

/** Lets the streams deliver their last data for up to `ms`, then destroys them. */
export async function drainStreams(streams: readonly Readable[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  const closed = Promise.all(streams.map((s) => finished(s).catch(() => {})));
  await Promise.race([closed, timeout]);
  clearTimeout(timer);
  for (const stream of streams) stream.destroy();
}
