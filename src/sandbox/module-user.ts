// The host identity of one sandboxed module, from [sandbox] user. "dynamic" works like
// systemd's DynamicUser=: each module gets its own uid (and gid of the same number) from a
// fixed range, persisted in data/run/module-users.json so its files keep their owner across
// restarts. Every module also gets the module group, which may use node.sock.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import type { NodeConfig } from '../config/types.js';
import { userSetting } from '../config/sandbox-user.js';
import { BlvmError } from '../errors.js';
import { readJsonFile, writeJsonAtomic } from '../process/json-file.js';
import type { RunAs } from '../process/types.js';
import { moduleUsersPath } from '../supervision/module-paths.js';

/** Group of every module process (supplementary): the group node.sock and its directory belong to. */
export const MODULE_GID = 1_879_048_192;
/** Dynamic uids: the 65535 ids after MODULE_GID (0x70000001..0x7000FFFF, outside the ranges systemd and distributions hand out). */
export const DYNAMIC_FIRST = MODULE_GID + 1;
export const DYNAMIC_LAST = MODULE_GID + 65_535;

interface UsersFile {
  version: 1;
  users: Record<string, number>;
}

const inRange = (id: unknown): id is number => Number.isInteger(id) && (id as number) >= DYNAMIC_FIRST && (id as number) <= DYNAMIC_LAST;

async function readUsers(file: string): Promise<UsersFile> {
  const data = (await readJsonFile(file).catch((err: unknown) => {
    throw new BlvmError('io', `cannot read the module uids in ${file}: ${(err as Error).message}`, { cause: err });
  })) as Partial<UsersFile> | undefined;
  if (data === undefined) return { version: 1, users: {} };
  const users = data.users;
  if (data.version !== 1 || typeof users !== 'object' || users === null || !Object.values(users).every(inRange)) {
    throw new BlvmError('io', `${file} is not a module uid file (expected {"version":1,"users":{"<module>":<uid in ${DYNAMIC_FIRST}..${DYNAMIC_LAST}>}}); remove it to reallocate`);
  }
  return { version: 1, users };
}

/** Ids named in /etc/passwd and /etc/group: a dynamic uid must not belong to anyone else. */
async function systemIds(): Promise<Set<number>> {
  const ids = new Set<number>();
  for (const file of ['/etc/passwd', '/etc/group']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) ids.add(Number(line.split(':')[2]));
  }
  return ids;
}

/** Uids that own a running process (another node's module, say): never handed out. */
async function runningUids(): Promise<Set<number>> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry));
  // All at once: one by one, each stat waits its turn in a thread pool busy with the other modules' files.
  const infos = await Promise.all(pids.map((pid) => stat(`/proc/${pid}`).catch(() => null)));
  return new Set(infos.flatMap((info) => (info ? [info.uid] : [])));
}

/** Where the search for a free uid starts: spread by data dir and module, so two nodes on one host rarely meet. */
async function firstCandidate(dataDir: string, module: string): Promise<number> {
  const where = await realpath(dataDir).catch(() => dataDir);
  const digest = createHash('sha256').update(`${where}\0${module}`).digest();
  return DYNAMIC_FIRST + (digest.readUInt32BE(0) % (DYNAMIC_LAST - DYNAMIC_FIRST + 1));
}

interface UidRequest {
  dataDir: string;
  module: string;
  resolve: (uid: number) => void;
  reject: (error: unknown) => void;
}

let waiting: UidRequest[] = [];
let draining = false;

/** The first free id of the range from the module's own starting point, or undefined when none is left. */
async function freeUid(dataDir: string, module: string, taken: Set<number>): Promise<number | undefined> {
  const size = DYNAMIC_LAST - DYNAMIC_FIRST + 1;
  const first = await firstCandidate(dataDir, module);
  for (let i = 0; i < size; i += 1) {
    const uid = DYNAMIC_FIRST + ((first - DYNAMIC_FIRST + i) % size);
    if (!taken.has(uid)) return uid;
  }
  return undefined;
}

// One pass for every module of a data dir that asked meanwhile: one read of the file, one scan
// of /proc and one durable write, however many modules start at once (issue 19).
async function allocate(dataDir: string, modules: string[]): Promise<Map<string, number>> {
  const file = moduleUsersPath(dataDir);
  const state = await readUsers(file);
  const users = { ...state.users };
  const missing = [...new Set(modules)].filter((module) => users[module] === undefined);
  if (missing.length === 0) return new Map(Object.entries(users));
  const taken = new Set([...Object.values(users), ...(await systemIds()), ...(await runningUids())]);
  for (const module of missing) {
    const uid = await freeUid(dataDir, module, taken);
    if (uid === undefined) throw new BlvmError('unavailable', `no free module uid left in ${DYNAMIC_FIRST}..${DYNAMIC_LAST} for module ${module} (${file})`);
    users[module] = uid;
    taken.add(uid);
  }
  await writeJsonAtomic(file, { version: 1, users } satisfies UsersFile, { mode: 0o644 });
  return new Map(Object.entries(users));
}

// Serves the waiting requests batch by batch (allocations never run concurrently).
async function drain(): Promise<void> {
  draining = true;
  while (waiting.length > 0) {
    const batch = waiting;
    waiting = [];
    for (const dataDir of new Set(batch.map((r) => r.dataDir))) {
      const requests = batch.filter((r) => r.dataDir === dataDir);
      try {
        const uids = await allocate(dataDir, requests.map((r) => r.module));
        for (const r of requests) r.resolve(uids.get(r.module) as number);
      } catch (error) {
        for (const r of requests) r.reject(error);
      }
    }
  }
  draining = false;
}

/** The module's dynamic uid: the persisted one, else a free id of the range, owned by no user and no process (allocations are serialised and batched). */
export function dynamicUid(dataDir: string, module: string): Promise<number> {
  return new Promise((resolve, reject) => {
    waiting.push({ dataDir, module, resolve, reject });
    if (!draining) void drain();
  });
}

function lookupUser(name: string): Promise<{ uid: number; gid: number }> {
  return new Promise((resolve, reject) => {
    execFile('getent', ['passwd', name], { timeout: 5_000 }, (error, stdout) => {
      const fields = String(stdout).trim().split(':');
      if (error || fields.length < 4) return reject(new BlvmError('config_invalid', `[sandbox] user = "${name}": no such user on this host`));
      resolve({ uid: Number(fields[2]), gid: Number(fields[3]) });
    });
  });
}

/**
 * Who the module runs as inside its sandbox; null = the daemon's own identity (a daemon that is
 * not root cannot switch users, and `user = "root"` asks for none).
 */
export async function moduleRunAs(config: NodeConfig, module: string, daemonUid = process.getuid?.() ?? 0): Promise<RunAs | null> {
  const setting = userSetting(config.sandbox.user);
  if (daemonUid !== 0 || setting === null || setting.kind === 'root') return null;
  if (setting.kind === 'dynamic') {
    const uid = await dynamicUid(config.node.data_dir, module);
    return { uid, gid: uid, groups: [MODULE_GID], source: 'dynamic' };
  }
  const ids = setting.kind === 'ids' ? setting : await lookupUser(setting.name);
  return { uid: ids.uid, gid: ids.gid, groups: [MODULE_GID], source: 'configured' };
}
