// The daemon's record of every module process it started (data/run/pids.json). A daemon that
// died without stopping its modules leaves detached process groups behind; the next start
// sweeps them. A pid is trusted only together with its start time, so a recycled pid that now
// belongs to an unrelated process is never signalled.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BlvmError, errorText } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { readJsonFile, writeJsonAtomic } from './json-file.js';
import { isZombie, readProcStat } from './proc-stat.js';
import { groupMembers, readStartTime, signalGroup, signalProcess, waitGroupGone } from './process-group.js';

export interface PidEntry {
  module: string;
  instanceId: string;
  pid: number;
  pgid: number;
  /** Field 22 of /proc/<pid>/stat when the entry was made. */
  startTime: number;
}

interface PidFile {
  version: 1;
  /** Start times count from boot, so entries of another boot never match anything. */
  bootId: string | null;
  entries: PidEntry[];
}

const GONE_TIMEOUT_MS = 2_000;

function currentBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function isEntry(value: unknown): value is PidEntry {
  const e = value as PidEntry;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.module === 'string' &&
    typeof e.instanceId === 'string' &&
    [e.pid, e.pgid, e.startTime].every((n) => Number.isSafeInteger(n)) &&
    e.pid > 1 &&
    e.pgid > 1
  );
}

export class PidRegistry {
  private readonly current = new Map<string, PidEntry>();
  private readonly leftovers = new Map<string, PidEntry>();
  private writes: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly log: Logger,
    private readonly bootId: string | null,
    private readonly leftoversFromThisBoot: boolean,
  ) {}

  /**
   * Creates the file's directory (0700) and loads what a previous run recorded; an unreadable
   * file is logged and treated as empty. Later writes never create the directory again.
   */
  static async open(file: string, log: Logger): Promise<PidRegistry> {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    let data: Partial<PidFile> | undefined;
    try {
      data = (await readJsonFile(file)) as Partial<PidFile> | undefined;
    } catch (err) {
      log.error('pid registry unreadable, leftovers of the previous run cannot be swept', { file, error: errorText(err) });
    }
    const bootId = currentBootId();
    const sameBoot = !data?.bootId || !bootId || data.bootId === bootId;
    const registry = new PidRegistry(file, log, bootId, sameBoot);
    const recorded = Array.isArray(data?.entries) ? data.entries : [];
    for (const entry of recorded) {
      if (isEntry(entry)) registry.leftovers.set(entry.instanceId, entry);
      else log.warn('pid registry entry ignored', { file, entry: JSON.stringify(entry) });
    }
    return registry;
  }

  add(entry: PidEntry): Promise<void> {
    this.current.set(entry.instanceId, { ...entry });
    return this.persist();
  }

  remove(instanceId: string): Promise<void> {
    const known = this.current.delete(instanceId) || this.leftovers.delete(instanceId);
    return known ? this.persist() : this.writes;
  }

  /** Entries of this run, plus those of the previous run not swept yet. */
  entries(): PidEntry[] {
    return [...this.leftovers.values(), ...this.current.values()].map((e) => ({ ...e }));
  }

  /** Kills (SIGKILL to the group) every process of the previous run still alive, then forgets them. */
  async sweepLeftovers(): Promise<{ killed: { module: string; pid: number }[] }> {
    const killed: { module: string; pid: number }[] = [];
    const entries = [...this.leftovers.values()];
    for (const entry of entries) {
      const pids = this.leftoversFromThisBoot ? this.killEntry(entry) : [];
      for (const pid of pids) killed.push({ module: entry.module, pid });
      if (pids.length > 0) {
        this.log.warn('killed leftover module processes of a previous run', { module: entry.module, pids });
        await this.awaitGone(entry);
      }
    }
    this.leftovers.clear();
    await this.persist();
    return { killed };
  }

  /** Kills what is left of one instance (when its actor ended) and forgets it. True when something was killed. */
  async killInstance(instanceId: string): Promise<boolean> {
    const entry = this.current.get(instanceId) ?? this.leftovers.get(instanceId);
    if (!entry) return false;
    const pids = this.killEntry(entry);
    if (pids.length > 0) {
      this.log.warn('killed leftover module processes', { module: entry.module, instanceId, pids });
      await this.awaitGone(entry);
    }
    await this.remove(instanceId);
    return pids.length > 0;
  }

  /**
   * SIGKILLs the live members of the entry's group and returns their pids. Nothing is touched
   * when the recorded pid now runs with another start time (a recycled pid). When the leader
   * is gone, only members started no earlier than it are taken for its group.
   */
  private killEntry(entry: PidEntry): number[] {
    const leader = readProcStat(entry.pid);
    if (leader && leader.startTime !== entry.startTime) return [];
    const members = groupMembers(entry.pgid).filter((pid) => (readStartTime(pid) ?? -1) >= entry.startTime);
    if (leader && !isZombie(leader)) signalGroup(entry.pgid, 'SIGKILL');
    for (const pid of members) signalProcess(pid, 'SIGKILL');
    return members;
  }

  private async awaitGone(entry: PidEntry): Promise<void> {
    if (!(await waitGroupGone(entry.pgid, GONE_TIMEOUT_MS))) {
      this.log.error('module processes survived SIGKILL', { module: entry.module, pgid: entry.pgid });
    }
  }

  /** Waits for the writes in flight; every change after this fails instead of writing. */
  async close(): Promise<void> {
    this.closed = true;
    await this.writes;
  }

  /**
   * Rewrites the file with the state at the time the write runs; writes never overlap. A
   * directory removed meanwhile is not recreated (the write fails), nor is a closed registry written.
   * Not fsynced: after a power loss no recorded process exists any more (and the boot id differs).
   */
  private persist(): Promise<void> {
    if (this.closed) return Promise.reject(new BlvmError('unavailable', `pid registry ${this.file} is closed; the change is not recorded`));
    const next = this.writes.then(() =>
      writeJsonAtomic(this.file, { version: 1, bootId: this.bootId, entries: this.entries() } satisfies PidFile, { createParent: false, sync: false }),
    );
    this.writes = next.catch(() => {});
    return next;
  }
}
