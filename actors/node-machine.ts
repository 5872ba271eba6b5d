// The root of the supervision tree: one supervisor per module, started in dependency order,
// dependents stopped and restarted with their required dependencies, shutdown in reverse order.
import { assign, enqueueActions, setup } from 'xstate';
import type { ModuleMachine } from './module-machine.js';
import type { ModuleEvent, ModulePhaseEvent } from './module/types.js';
import {
  depsRunning,
  isSettled,
  MODULE_ID_PREFIX,
  moduleActorId,
  moduleInput,
  nextToStop,
  requiredDependents,
  sortByOrder,
  trackModule,
} from './node/graph.js';
import type { ModuleCommand, NodeContext, NodeEvent, NodeInput, NodeOutput, TrackedModule } from './node/types.js';

const COMMAND_EVENTS: Record<ModuleCommand, ModuleEvent> = {
  start: { type: 'module.start' },
  stop: { type: 'module.stop', reason: 'operator' },
  restart: { type: 'module.restart' },
  reload: { type: 'module.reload' },
  release: { type: 'module.release' },
};

function withPhase(modules: TrackedModule[], event: ModulePhaseEvent): TrackedModule[] {
  return modules.map((m) => (m.name === event.name ? { ...m, phase: event.phase, running: event.running } : m));
}

/** Critical modules currently quarantined, after a phase change. */
function criticalFailures(modules: TrackedModule[]): string[] {
  return modules.filter((m) => m.critical && m.phase === 'quarantined').map((m) => m.name);
}

export function createNodeMachine(moduleMachine: ModuleMachine) {
  return setup({
    types: {} as { context: NodeContext; events: NodeEvent; input: NodeInput; output: NodeOutput },
    actors: { module: moduleMachine },
    guards: {
      knownModule: ({ context, event }) =>
        event.type === 'command' && context.modules.some((m) => m.name === event.name && m.phase !== 'failed'),
      newModule: ({ context, event }) => event.type === 'module.add' && !context.modules.some((m) => m.name === event.module.name),
      criticalShutdown: ({ context, event }) =>
        event.type === 'module.phase' &&
        event.phase === 'quarantined' &&
        context.modules.some((m) => m.name === event.name && m.critical && m.policy.on_critical_failure === 'shutdown'),
      allSettled: ({ context }) => context.modules.every(isSettled),
    },
    actions: {
      spawnModules: enqueueActions(({ context, enqueue }) => {
        for (const module of context.modules) {
          const id = moduleActorId(module.name);
          enqueue.spawnChild('module', { id, systemId: id, input: moduleInput(module) });
        }
      }),
      // Records a module's phase; when its running status flips, tells its required dependents.
      trackPhase: enqueueActions(({ context, event, enqueue }, params: { announceReady: boolean }) => {
        if (event.type !== 'module.phase') return;
        const before = context.modules.find((m) => m.name === event.name);
        if (before === undefined) return;
        const modules = withPhase(context.modules, event);
        const failures = criticalFailures(modules);
        enqueue.assign({ modules, criticalFailures: failures, degraded: failures.length > 0 });
        if (before.running === event.running) return;
        for (const dependent of requiredDependents(modules, event.name)) {
          if (!event.running) enqueue.sendTo(moduleActorId(dependent.name), { type: 'deps.down' });
          else if (params.announceReady && depsRunning(modules, dependent)) {
            enqueue.sendTo(moduleActorId(dependent.name), { type: 'deps.ready' });
          }
        }
      }),
      // A supervisor that broke is treated as gone for good: its dependents lose it.
      markFailed: enqueueActions(({ context, event, enqueue }) => {
        const name = event.type.startsWith(`xstate.error.actor.${MODULE_ID_PREFIX}`)
          ? event.type.slice(`xstate.error.actor.${MODULE_ID_PREFIX}`.length)
          : null;
        const failed = context.modules.find((m) => m.name === name);
        if (failed === undefined) return;
        const modules = context.modules.map((m) => (m === failed ? { ...m, phase: 'failed' as const, running: false } : m));
        enqueue.assign({ modules });
        for (const dependent of requiredDependents(modules, failed.name)) {
          enqueue.sendTo(moduleActorId(dependent.name), { type: 'deps.down' });
        }
      }),
      routeCommand: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'command') return;
        const { policy } = event;
        if (policy !== undefined) {
          enqueue.assign({ modules: context.modules.map((m) => (m.name === event.name ? { ...m, policy } : m)) });
          enqueue.sendTo(moduleActorId(event.name), { type: 'module.policy', policy });
        }
        enqueue.sendTo(moduleActorId(event.name), COMMAND_EVENTS[event.command]);
      }),
      adoptModulePolicy: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'policy' || !context.modules.some((m) => m.name === event.name)) return;
        const { policy } = event;
        enqueue.assign({ modules: context.modules.map((m) => (m.name === event.name ? { ...m, policy } : m)) });
        enqueue.sendTo(moduleActorId(event.name), { type: 'module.policy', policy });
      }),
      addModule: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'module.add') return;
        const tracked = trackModule(event.module);
        const modules = sortByOrder([...context.modules, tracked]);
        const id = moduleActorId(tracked.name);
        enqueue.assign({ modules });
        enqueue.spawnChild('module', { id, systemId: id, input: moduleInput(event.module) });
        if (tracked.requires.length > 0 && depsRunning(modules, tracked)) enqueue.sendTo(id, { type: 'deps.ready' });
      }),
      recordShutdown: assign(({ context, event }) => {
        if (context.shutdownReason !== null) return {};
        if (event.type === 'shutdown') return { shutdownReason: event.reason ?? 'requested' };
        if (event.type === 'module.phase') return { shutdownReason: `critical module ${event.name} quarantined` };
        return { shutdownReason: 'requested' };
      }),
      // Reverse dependency order: a module is told to stop once every module using it has settled.
      stopNext: enqueueActions(({ context, enqueue }) => {
        const ready = nextToStop(context.modules);
        if (ready.length === 0) return;
        const names = new Set(ready.map((m) => m.name));
        enqueue.assign({ modules: context.modules.map((m) => (names.has(m.name) ? { ...m, stopSent: true } : m)) });
        for (const module of ready) enqueue.sendTo(moduleActorId(module.name), { type: 'module.stop', reason: 'shutdown' });
      }),
    },
  }).createMachine({
    id: 'node',
    context: ({ input }) => ({
      modules: sortByOrder(input.modules.map(trackModule)),
      degraded: false,
      criticalFailures: [],
      shutdownReason: null,
    }),
    entry: 'spawnModules',
    initial: 'running',
    output: ({ context }) => ({
      shutdownReason: context.shutdownReason,
      degraded: context.degraded,
      criticalFailures: context.criticalFailures,
    }),
    on: {
      'xstate.error.actor.*': { actions: 'markFailed' },
    },
    states: {
      running: {
        on: {
          'module.phase': [
            {
              guard: 'criticalShutdown',
              target: 'shuttingDown',
              actions: [{ type: 'trackPhase', params: { announceReady: false } }, 'recordShutdown'],
            },
            { actions: { type: 'trackPhase', params: { announceReady: true } } },
          ],
          command: { guard: 'knownModule', actions: 'routeCommand' },
          'module.add': { guard: 'newModule', actions: 'addModule' },
          policy: { actions: 'adoptModulePolicy' },
          shutdown: { target: 'shuttingDown', actions: 'recordShutdown' },
        },
      },
      shuttingDown: {
        entry: 'stopNext',
        always: { guard: 'allSettled', target: 'stopped' },
        on: {
          'module.phase': { actions: [{ type: 'trackPhase', params: { announceReady: false } }, 'stopNext'] },
        },
      },
      stopped: { type: 'final' },
    },
  });
}

export type NodeMachine = ReturnType<typeof createNodeMachine>;
