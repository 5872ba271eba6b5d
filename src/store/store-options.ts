// The store options a node's [store] table asks for (the daemon and in-process harnesses share it).
import type { NodeConfig } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { StoreOptions } from './types.js';

export function storeOptions(store: NodeConfig['store'], log: Logger): StoreOptions {
  return {
    batchInterval: store.batch_interval,
    retentionTransitions: store.retention_transitions,
    retentionEvents: store.retention_events,
    retentionEventBytes: store.retention_event_bytes,
    log,
  };
}
