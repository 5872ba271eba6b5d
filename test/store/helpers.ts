// Shared setup for store tests: a temp dir per test and a store that is closed on teardown.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/index.js';
import type { Store, StoreOptions } from '../../src/store/index.js';
import type { ExitRecord } from '../../src/process/types.js';

export async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'blvm-store-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function openTestStore(
  t: ExecutionContext,
  file: string,
  options: Partial<StoreOptions> = {},
): Promise<Store> {
  const store = await openStore(file, {
    batchInterval: 100,
    retentionTransitions: 1000,
    retentionEvents: 1000,
    log: silentLogger,
    ...options,
  });
  t.teardown(() => store.close());
  return store;
}

export function exitRecord(overrides: Partial<ExitRecord> = {}): ExitRecord {
  return { code: 3, signal: null, reason: 'crashed', byUs: false, uptimeMs: 1200, at: 1_700_000_000_000, ...overrides };
}
