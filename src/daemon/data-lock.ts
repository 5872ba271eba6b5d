// One daemon per data dir: a pid file holding pid and /proc start time, taken with O_EXCL.
import { open, readFile, unlink } from 'node:fs/promises';
import { BlvmError } from '../errors.js';
import { readStartTime } from '../process/process-group.js';

export interface DataLock {
  file: string;
  release(): Promise<void>;
}

interface LockRecord {
  pid: number;
  startTime: number | null;
}

async function readLock(file: string): Promise<LockRecord | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockRecord;
  } catch {
    return null;
  }
}

function isAlive(rec: LockRecord): boolean {
  try {
    process.kill(rec.pid, 0);
  } catch {
    return false;
  }
  return rec.startTime === null || readStartTime(rec.pid) === rec.startTime;
}

/** The pid of the live daemon holding the lock file (pid and start time match), else null. */
export async function lockHolder(file: string): Promise<number | null> {
  const rec = await readLock(file);
  return rec !== null && isAlive(rec) ? rec.pid : null;
}

export async function acquireDataLock(file: string, dataDir: string): Promise<DataLock> {
  const record: LockRecord = { pid: process.pid, startTime: readStartTime(process.pid) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(record) + '\n');
      await handle.close();
      return {
        file,
        release: async () => {
          const current = await readLock(file);
          if (current?.pid === process.pid) await unlink(file).catch(() => {});
        },
      };
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new BlvmError('io', `cannot create lock file ${file}`, { cause });
      }
      const holder = await readLock(file);
      if (holder && holder.pid !== process.pid && isAlive(holder)) {
        throw new BlvmError(
          'conflict',
          `another blvm daemon (pid ${holder.pid}) is already running on data dir ${dataDir}; stop it with "blvm stop" first`,
        );
      }
      await unlink(file).catch(() => {});
    }
  }
  throw new BlvmError('conflict', `could not take the lock ${file}: another daemon is starting on ${dataDir}`);
}
