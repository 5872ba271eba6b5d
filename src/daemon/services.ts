// What every daemon service (event bus, module API, chain, monitor, inspector) is given, and
// the shape it must have. Services start in list order after the actor tree is built and
// stop in reverse order after every module has stopped.
import type { NodeConfig } from '../config/types.js';
import type { ControlServer } from '../control/control-server.js';
import type { ModuleServer } from '../ipc/module-server.js';
import type { RequestContext } from '../ipc/request-runner.js';
import type { Logger } from '../log/logger.js';
import type { PidRegistry } from '../process/pid-registry.js';
import type { Store } from '../store/index.js';
import type { EventHub } from './event-hub.js';
import type { NodeRuntime } from './node-runtime.js';

/** One module API method: the capability it needs (null = any module) and its handler. */
export interface ApiMethod {
  capability: string | null;
  handler: (ctx: RequestContext, params: unknown) => Promise<unknown>;
}

export interface ApiRegistry {
  register(method: string, def: ApiMethod): void;
  /** Sees every finished module request (the metrics endpoint counts and times them). */
  observe?(observer: (record: { module: string; method: string; ms: number; error: string | null }) => void): () => void;
}

/** An outbox entry a node event drains: the event log records its id in the event's commit. */
export interface PublishOrigin {
  outbox?: { name: string; id: number };
}

/** Where node events (`NewBlock`, `ModuleLoaded`, …) are published. */
export interface NodeEvents {
  publish(type: string, payload: Record<string, unknown>, origin?: PublishOrigin): void;
}

export interface DaemonContext {
  config: NodeConfig;
  log: Logger;
  store: Store;
  ipc: ModuleServer;
  control: ControlServer;
  runtime: NodeRuntime;
  registry: PidRegistry;
  api: ApiRegistry;
  /** Publish node events here; listen to see every event published. */
  events: EventHub;
}

export interface DaemonService {
  name: string;
  start(ctx: DaemonContext): Promise<void>;
  stop(): Promise<void>;
}
