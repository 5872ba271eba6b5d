// The supervision runtime as the module API sees it, driven by the test: which modules exist,
// their phases and dependencies, and the transitions the bus turns into lifecycle events.
import { initialContext } from '../../../actors/module/context.js';
import type { ModuleContext } from '../../../actors/module/types.js';
import type { NodeConfig } from '../../../src/config/types.js';
import type { TransitionListener } from '../../../src/daemon/transition-recorder.js';
import { BlvmError } from '../../../src/errors.js';
import type { ModuleStatus, NodeStatus } from '../../../src/supervision/status-types.js';

interface Known {
  requires: string[];
  optional: string[];
  state: string;
  context: ModuleContext;
}

export class FakeRuntime {
  private readonly modules = new Map<string, Known>();
  private readonly listeners = new Set<TransitionListener>();
  readonly recorder = {
    onTransition: (listener: TransitionListener): (() => void) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
  };

  constructor(private readonly config: NodeConfig) {}

  declare(name: string, deps: { requires?: string[]; optional?: string[] } = {}): void {
    if (this.modules.has(name)) return;
    const context = initialContext({ name, policy: this.config.supervision, critical: false, hasRequiredDependencies: false });
    this.modules.set(name, { requires: deps.requires ?? [], optional: deps.optional ?? [], state: 'execution', context: { ...context, version: '1.0.0' } });
  }

  /** Moves a module to `to`, patching its context, and tells every transition listener. */
  transition(name: string, to: string, patch: Partial<ModuleContext> = {}, event = 'test'): void {
    const known = this.modules.get(name);
    if (!known) throw new Error(`module ${name} was not declared`);
    const from = known.state;
    known.state = to;
    known.context = { ...known.context, ...patch };
    for (const listener of this.listeners) listener({ module: name, from, to, event, at: Date.now(), context: known.context });
  }

  /** The module's instance said ready: execution → monitoring. */
  loaded(name: string, instanceId: string): void {
    this.transition(name, 'monitoring.healthy', { instanceId, processLive: true }, 'ipc.ready');
  }

  /** The running instance ended by itself (crash): monitoring → backoff. */
  crashed(name: string): void {
    const ctx = this.modules.get(name)?.context;
    const exit = { code: 1, signal: null, reason: 'crashed' as const, byUs: false, uptimeMs: 10, at: Date.now() };
    this.transition(name, 'backoff', {
      instanceId: null,
      processLive: false,
      pastInstances: [...(ctx?.pastInstances ?? []), ctx?.instanceId ?? 'gone'],
      lastExits: [...(ctx?.lastExits ?? []), exit],
    }, 'child.exited');
  }

  moduleStatus(name: string): ModuleStatus {
    const known = this.modules.get(name);
    if (!known) throw new BlvmError('not_found', `no module named "${name}" (known: ${[...this.modules.keys()].join(', ') || 'none'})`);
    return {
      name,
      version: known.context.version,
      phase: known.state.split('.')[0],
      state: known.state,
      pid: null,
      restarts: known.context.restarts,
      uptime_ms: null,
      last_exit: known.context.lastExits.at(-1) ?? null,
      desired: 'enabled',
      critical: false,
      requires: known.requires,
      optional: known.optional,
      backoff_until: null,
      problems: [],
      quarantine: null,
    };
  }

  listModules(): ModuleStatus[] {
    return [...this.modules.keys()].map((name) => this.moduleStatus(name));
  }

  nodeStatus(): NodeStatus {
    return {
      node: { version: '0.1.0', network: 'regtest', pid: process.pid, uptime_ms: 1, data_dir: this.config.node.data_dir, status: 'running', socket: '' },
      store: { file: 'blvm.sqlite', state: 'ok', error: null, since: null, queued: 0, dropped: 0 },
      modules: this.listModules(),
    };
  }

  contextOf(name: string): ModuleContext | null {
    return this.modules.get(name)?.context ?? null;
  }
}
