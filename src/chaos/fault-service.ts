// Fault injection into a running node (`injectfault` on the control socket): signals, hangs,
// forced failed starts, slow handshakes, garbage frames, dropped sockets, memory balloons.
import { createAudit } from '../daemon/audit.js';
import { BlvmError } from '../errors.js';
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { signalGroup } from '../process/process-group.js';
import { catchesSignal, isNamespaceInit } from '../process/sandbox-child.js';
import { StartFaults } from './start-faults.js';
import { durableBacklogs } from './durable-backlog.js';

/**
 * A sandboxed Node module is PID 1 of its pid namespace, and the kernel gives a PID 1 only the
 * signals it handles; Node re-raises an injected SIGSEGV to itself, which is then dropped. A
 * kill fault that could never end the module is refused instead of silently doing nothing.
 */
function refuseDroppedSignal(module: string, pid: number, signal: NodeJS.Signals): void {
  if (signal === 'SIGKILL' || !isNamespaceInit(pid)) return;
  if (signal !== 'SIGSEGV' && catchesSignal(pid, signal)) return;
  throw new BlvmError(
    'usage',
    `${signal} cannot end module ${module}: it runs as PID 1 of its sandbox's pid namespace (pid ${pid}), which receives only the signals it handles; inject SIGABRT for a crash by signal, or SIGKILL`,
  );
}

export interface FaultRequest {
  module: string;
  kind: 'kill' | 'hang' | 'crash-loop' | 'slow-start' | 'garbage' | 'disconnect' | 'memory';
  signal?: string;
  duration?: number;
  starts?: number;
}

export interface FaultAck {
  module: string;
  kind: string;
  injected_at: number;
  pid: number;
  instance_id: string;
}

/** Bytes no peer can take for a frame: a length prefix far beyond any frame limit, then noise. */
const GARBAGE = Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xf0]), Buffer.from('not a frame at all')]);

export function createFaultService(): DaemonService {
  const startFaults = new StartFaults();
  const timers = new Set<NodeJS.Timeout>();
  let ctx: DaemonContext | null = null;
  let unlisten: () => void = () => {};

  const liveInstance = (module: string) => {
    const status = ctx!.runtime.moduleStatus(module);
    const entry = ctx!.registry.entries().find((e) => e.module === module && e.pid === status.pid);
    if (!entry || status.pid === null) {
      throw new BlvmError('conflict', `module ${module} has no running process to inject a fault into (phase ${status.phase})`);
    }
    return entry;
  };

  const inject = (req: FaultRequest): FaultAck => {
    const c = ctx!;
    const entry = liveInstance(req.module);
    const at = Date.now();
    const kill = () => signalGroup(entry.pgid, 'SIGKILL');
    switch (req.kind) {
      case 'kill':
        refuseDroppedSignal(req.module, entry.pid, (req.signal ?? 'SIGKILL') as NodeJS.Signals);
        signalGroup(entry.pgid, (req.signal ?? 'SIGKILL') as NodeJS.Signals);
        break;
      case 'hang': {
        signalGroup(entry.pgid, 'SIGSTOP');
        const timer = setTimeout(() => {
          timers.delete(timer);
          signalGroup(entry.pgid, 'SIGCONT');
        }, req.duration ?? 1000);
        timers.add(timer);
        break;
      }
      case 'crash-loop':
        startFaults.set(req.module, { kind: 'crash-loop', remaining: req.starts ?? 3 });
        kill();
        break;
      case 'slow-start':
        startFaults.set(req.module, { kind: 'slow-start', remaining: 1, delayMs: req.duration ?? 2000 });
        kill();
        break;
      case 'memory':
        // The module's cue to balloon until its memory limit stops it (crash-test honours it).
        signalGroup(entry.pgid, 'SIGUSR2');
        break;
      case 'garbage':
        if (!c.ipc.sendGarbage(entry.instanceId, GARBAGE)) throw new BlvmError('conflict', `module ${req.module} is not connected`);
        break;
      case 'disconnect':
        if (!c.ipc.disconnect(entry.instanceId, 'fault injection: disconnect')) {
          throw new BlvmError('conflict', `module ${req.module} is not connected`);
        }
        break;
      default:
        throw new BlvmError('usage', `unknown fault kind ${JSON.stringify((req as { kind: unknown }).kind)}`);
    }
    c.log.warn('fault injected', { module: req.module, fault: req.kind, pid: entry.pid });
    return { module: req.module, kind: req.kind, injected_at: at, pid: entry.pid, instance_id: entry.instanceId };
  };

  return {
    name: 'faults',
    async start(context) {
      ctx = context;
      context.runtime.spawnHooks.push(startFaults.hook);
      // A release out of quarantine is the operator saying "try again for real": pending forced
      // failures of a crash-loop fault must not send the module straight back.
      unlisten = context.runtime.recorder.onTransition(({ module, from, to }) => {
        if (from.startsWith('quarantined') && !to.startsWith('quarantined')) startFaults.clear(module);
      });
      const audit = createAudit(context.log.child({ component: 'audit' }), context.events);
      context.control.register('injectfault', async (params: unknown, caller) => {
        const fault = parseFault(params);
        audit({ action: `inject fault ${fault.kind}`, module: fault.module, via: 'control socket', from: caller?.peer ?? 'control socket' });
        return inject(fault);
      });
      context.control.register('getdurablebacklog', async () => durableBacklogs(context.store));
      context.control.register('getprocessgroups', async () => context.registry.entries());
      context.control.register('getmoduletransitions', async (params: unknown) => {
        const { name, limit } = (params ?? {}) as { name?: unknown; limit?: unknown };
        if (typeof name !== 'string') throw new BlvmError('usage', 'params.name: expected a module name');
        return context.store.listTransitions(name, { limit: typeof limit === 'number' ? limit : 200 });
      });
    },
    async stop() {
      unlisten();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

const KINDS = ['kill', 'hang', 'crash-loop', 'slow-start', 'garbage', 'disconnect', 'memory'];

function parseFault(params: unknown): FaultRequest {
  const p = (params ?? {}) as Record<string, unknown>;
  if (typeof p.module !== 'string' || p.module === '') throw new BlvmError('usage', 'params.module: expected a module name');
  if (typeof p.kind !== 'string' || !KINDS.includes(p.kind)) {
    throw new BlvmError('usage', `params.kind: expected one of ${KINDS.join(', ')}, got ${JSON.stringify(p.kind)}`);
  }
  return p as unknown as FaultRequest;
}
