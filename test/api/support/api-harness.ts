// The real event bus and module API services over real sockets (module socket and control
// socket) in this process, with a store in a temp dir. Only the supervision runtime is the
// test's FakeRuntime. Everything is closed when the test ends.
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';
import { ApiRouter } from '../../../src/api/api-router.js';
import { ApiService } from '../../../src/api/api-service.js';
import { BusService } from '../../../src/bus/bus-service.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import type { NodeConfig } from '../../../src/config/types.js';
import { ControlServer } from '../../../src/control/control-server.js';
import { EventHub } from '../../../src/daemon/event-hub.js';
import type { NodeRuntime } from '../../../src/daemon/node-runtime.js';
import type { DaemonContext } from '../../../src/daemon/services.js';
import { ModuleServer, type ExpectedInstance } from '../../../src/ipc/module-server.js';
import type { PidRegistry } from '../../../src/process/pid-registry.js';
import { openStore, storeOptions, type Store } from '../../../src/store/index.js';
import { captureLog, type CapturedLog } from '../../ipc/support/capture-log.js';
import { RawClient, type Frame } from '../../ipc/support/raw-client.js';
import { tempDir } from '../../ipc/support/temp-dir.js';
import { FakeRuntime } from './fake-runtime.js';

export interface HarnessOptions {
  /** Extra blvm.toml text (e.g. `[ipc]\nrate_limit = 5`). */
  config?: string;
  maxFrame?: number;
}

export interface ModuleSpec {
  capabilities?: string[];
  requires?: string[];
  optional?: string[];
}

export class Harness {
  private nextInstance = 1;

  private constructor(
    readonly t: ExecutionContext,
    readonly dir: string,
    readonly config: NodeConfig,
    readonly store: Store,
    readonly server: ModuleServer,
    readonly control: ControlServer,
    readonly router: ApiRouter,
    readonly events: EventHub,
    readonly runtime: FakeRuntime,
    readonly bus: BusService,
    readonly api: ApiService,
    readonly log: CapturedLog,
  ) {}

  static async start(t: ExecutionContext, opts: HarnessOptions = {}): Promise<Harness> {
    const dir = await tempDir(t);
    const config = parseConfig(`[node]\ndata_dir = "data"\n${opts.config ?? ''}`, join(dir, 'blvm.toml'));
    const log = captureLog();
    const store = await openStore(join(dir, 'blvm.sqlite'), storeOptions(config.store, log));
    const server = new ModuleServer({
      socketPath: join(dir, 'sockets', 'node.sock'),
      maxFrame: opts.maxFrame ?? config.ipc.max_frame,
      pingInterval: 60_000,
      requestTimeout: config.ipc.request_timeout,
      log,
    });
    await server.listen();
    const control = new ControlServer({ socketPath: join(dir, 'control.sock'), maxFrame: config.ipc.max_frame, log });
    const router = new ApiRouter({ rateLimit: config.ipc.rate_limit });
    server.setRequestHandler(router.handle);
    const events = new EventHub((error) => log.error('listener failed', { reason: String(error) }));
    const runtime = new FakeRuntime(config);
    const ctx: DaemonContext = {
      config,
      log,
      store,
      ipc: server,
      control,
      runtime: runtime as unknown as NodeRuntime,
      registry: {} as PidRegistry,
      api: router,
      events,
    };
    const bus = new BusService();
    const api = new ApiService();
    await bus.start(ctx);
    await api.start(ctx);
    await control.listen();
    const harness = new Harness(t, dir, config, store, server, control, router, events, runtime, bus, api, log);
    t.teardown(async () => {
      await api.stop();
      await bus.stop();
      await control.close();
      await server.close();
      await store.close();
    });
    return harness;
  }

  get controlSocket(): string {
    return this.control.socketPath;
  }

  get socketPath(): string {
    return this.server.socketPath;
  }

  /** Declares the module to the runtime and announces a new instance of it. */
  expect(module: string, spec: ModuleSpec = {}): ExpectedInstance {
    this.runtime.declare(module, spec);
    const n = this.nextInstance++;
    const inst = { module, instanceId: `${module}-i${n}`, token: `tok-${module}-${n}`, capabilities: spec.capabilities ?? [] };
    this.server.expect(inst);
    return inst;
  }

  /** A raw protocol client, handshaken as a new instance of `module`. */
  async connect(module: string, spec: ModuleSpec = {}): Promise<{ client: RawClient; inst: ExpectedInstance; welcome: Frame }> {
    const inst = this.expect(module, spec);
    const [client, welcome] = await RawClient.hello(this.t, this.socketPath, module, inst.token);
    if (welcome.kind !== 'welcome') throw new Error(`handshake refused: ${JSON.stringify(welcome)}`);
    return { client, inst, welcome };
  }

  /** Connects, sends ready and reports the module loaded (ModuleLoaded is published). */
  async loaded(module: string, spec: ModuleSpec = {}): Promise<{ client: RawClient; inst: ExpectedInstance }> {
    const { client, inst } = await this.connect(module, spec);
    await client.request('ready', 'ready');
    this.runtime.loaded(module, inst.instanceId);
    return { client, inst };
  }
}

/** Collects event envelopes of one subscription from a raw client until `count` arrived. */
export async function eventsOf(client: RawClient, subscription: string, count: number, timeoutMs = 5000): Promise<Frame[]> {
  const out: Frame[] = [];
  while (out.length < count) out.push(await client.next((f) => f.kind === 'event' && f.subscription === subscription, timeoutMs));
  return out;
}

/** Waits until the predicate holds, polling. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
