// The supervisor of one module: verifies, loads, runs and monitors it, and decides what every
// child exit means (restart with backoff, stop, wait for dependencies or quarantine).
import { and, assign, enqueueActions, setup } from 'xstate';
import { errorText } from '../src/errors.js';
import type { SpawnSpec } from '../src/process/types.js';
import { initialContext } from './module/context.js';
import { afterExit, endedInstance, EXIT_OUTCOMES, type ExitOutcome } from './module/exit-outcome.js';
import { moduleGuards } from './module/guards.js';
import { nextSpare, replacementAfter, wantsSpare } from './module/standby.js';
import type { ModuleContext, ModuleEffects, ModuleEvent, ModuleInput, ModulePhase, ModulePhaseEvent, VerifyOutput } from './module/types.js';
import { stopCommand, strongerStop, timingCommand, type StopReason } from './policies/stop-reason.js';

export interface ModuleMachineOptions {
  /** Source of backoff jitter, in [0, 1). */
  random?: () => number;
}

/** Every way out of a live child: the first outcome whose guard holds wins (they are exclusive). */
const exitTransitions = EXIT_OUTCOMES.map(
  (outcome) =>
    ({
      guard: { type: 'exitLeadsTo', params: { outcome } },
      target: `.${outcome}`,
      actions: { type: 'handleExit', params: { outcome } },
    }) as const,
);

export function createModuleMachine(effects: ModuleEffects, options: ModuleMachineOptions = {}) {
  const random = options.random ?? Math.random;
  const machineSetup = setup({
    types: {} as { context: ModuleContext; events: ModuleEvent; input: ModuleInput },
    actors: { verify: effects.verify, prepare: effects.prepare, process: effects.process, standby: effects.standby },
    delays: {
      readyTimeout: ({ context }) => context.policy.ready_timeout,
      resetAfter: ({ context }) => context.policy.reset_after,
      backoff: ({ context }) => context.backoffMs,
      disconnectGrace: 1000,
    },
    guards: moduleGuards,
    actions: {
      // Overridable: a module machine without a parent (tests, tools) simply does not report.
      notifyPhase: enqueueActions(({ context, self, enqueue }, params: { phase: ModulePhase }) => {
        if (self._parent === undefined) return;
        const event: ModulePhaseEvent = { type: 'module.phase', name: context.name, phase: params.phase, running: params.phase === 'monitoring' };
        enqueue.sendParent(event);
      }),
      enable: assign({ desired: 'enabled' }),
      noteDepsReady: assign({ depsReady: true }),
      noteDepsDown: assign({ depsReady: false }),
      // What a `module.stop` says about the future, whatever state it finds the module in.
      noteStopIntent: assign(({ context, event }) => {
        if (event.type !== 'module.stop') return {};
        return {
          desired: event.reason === 'operator' ? 'disabled' : context.desired,
          depsReady: event.reason === 'dependency' ? false : context.depsReady,
        };
      }),
      recordIdleStop: assign(({ context, event }) => ({ stopReason: event.type === 'module.stop' ? event.reason : context.stopReason })),
      recordVerification: assign((_, params: { output: VerifyOutput }) => {
        const { ok, version, problems, snapshot } = params.output;
        const missing = ok && snapshot === undefined ? ['verification passed but produced no snapshot to run from'] : [];
        return { version: version ?? null, problems: [...problems, ...missing], snapshot: ok ? (snapshot ?? null) : null };
      }),
      // Nothing runs and the next start verifies again: the old snapshot must not be spawned.
      forgetSnapshot: assign({ snapshot: null }),
      recordProblems: assign((_, params: { problems: string[] }) => ({ problems: params.problems })),
      recordSpec: assign((_, params: { spec: SpawnSpec }) => ({ spec: params.spec, problems: [] })),
      spawnProcess: enqueueActions(({ context, enqueue }) => {
        if (context.spec === null) return;
        const adopt = context.adoptSpare ?? undefined;
        enqueue.stopChild('process');
        enqueue.spawnChild('process', { id: 'process', input: { spec: context.spec, attempt: context.attempt, ...(adopt ? { adopt } : {}) } });
        enqueue.assign({ processLive: true, instanceId: null, pid: null, startedAt: null, readyAt: null, missedPings: 0, stopReason: null, adoptSpare: null });
        // An adopted spare was spawned with the spec's timings: it takes the policy's current ones.
        if (adopt) enqueue.sendTo('process', timingCommand(context.policy));
      }),
      // The next `execution` admits the spare instead of spawning; a new spare follows in `monitoring`.
      promoteSpare: assign(({ context }) => ({ adoptSpare: context.spare?.instanceId ?? null, spare: null })),
      startSpare: enqueueActions(({ context, enqueue }) => {
        if (!wantsSpare(context) || context.spare !== null) return;
        const { spare, input } = nextSpare(context, 0, 0, 0);
        enqueue.stopChild('standby');
        enqueue.spawnChild('standby', { id: 'standby', input });
        enqueue.assign({ spare, spareGenerations: spare.generation });
      }),
      stopSpare: enqueueActions(({ context, enqueue }) => {
        enqueue.stopChild('standby');
        if (context.spare !== null) enqueue.assign({ spare: null });
      }),
      recordSpareSpawn: assign(({ context, event }) => {
        if ((event.type !== 'standby.started' && event.type !== 'standby.spawned') || !context.spare) return {};
        const pid = event.type === 'standby.spawned' ? event.pid : context.spare.pid;
        const status = context.spare.status === 'replacing' ? 'starting' : context.spare.status;
        return { spare: { ...context.spare, instanceId: event.instanceId, pid, status, replaceAt: null } };
      }),
      recordSpareHeld: assign(({ context }) => (context.spare ? { spare: { ...context.spare, status: 'ready' as const } } : {})),
      // A spare's death is no crash: it is replaced, later and later while spares keep dying.
      replaceSpare: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'standby.exited') return;
        enqueue.stopChild('standby');
        if (!wantsSpare(context)) return void enqueue.assign({ spare: null });
        const { deaths, delayMs } = replacementAfter(context, event.exit);
        const { spare, input } = nextSpare(context, deaths, delayMs, event.exit.at);
        enqueue.spawnChild('standby', { id: 'standby', input });
        enqueue.assign({ spare, spareGenerations: spare.generation });
      }),
      recordSpawn: assign(({ event }) =>
        event.type === 'child.spawned' ? { instanceId: event.instanceId, pid: event.pid, startedAt: event.at } : {},
      ),
      recordReady: assign(({ event }) => (event.type === 'ipc.ready' ? { readyAt: event.at, missedPings: 0 } : {})),
      recordLiveness: assign(({ event }) => (event.type === 'ipc.liveness' ? { missedPings: event.missed } : {})),
      // Entering `stopping`: remember why and tell the process actor (only it can end the child).
      requestStop: enqueueActions(({ context, enqueue }, params: { reason: StopReason }) => {
        enqueue.assign({ stopReason: strongerStop(context.stopReason, params.reason) });
        if (context.processLive) enqueue.sendTo('process', stopCommand(params.reason));
      }),
      // A closed socket usually means the child is dying: give its exit a moment to arrive so it
      // is recorded as the crash it is; a child that lives on without its socket is then stopped.
      stopIfStillAlive: enqueueActions(({ context, enqueue }) => {
        if (context.processLive) enqueue.sendTo('process', stopCommand('disconnected'), { delay: 'disconnectGrace' });
      }),
      escalateStop: assign(({ context }, params: { reason: StopReason }) => ({ stopReason: strongerStop(context.stopReason, params.reason) })),
      handleExit: enqueueActions(({ context, event, enqueue }, params: { outcome: ExitOutcome }) => {
        const ended = endedInstance(context, event);
        if (ended === null) return;
        enqueue.assign(afterExit(context, ended, params.outcome, random));
        enqueue.stopChild('process');
      }),
      // A re-read policy: decisions use it from now on, and a running process gets its new timings.
      adoptPolicy: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'module.policy') return;
        enqueue.assign({ policy: event.policy });
        if (context.processLive) enqueue.sendTo('process', timingCommand(event.policy));
        if (!event.policy.standby && context.spare !== null) {
          enqueue.stopChild('standby');
          enqueue.assign({ spare: null });
        }
      }),
      clearBackoff: assign({ backoffUntil: null }),
      resetAttempt: assign({ attempt: 0 }),
      release: assign({ quarantine: null, crashTimes: [], attempt: 0, desired: 'enabled' }),
    },
  });
  // Loading and backoff have no child to stop: commands act at once.
  const idleTransitions = {
    'module.stop': [
      { guard: 'dependencyStop', target: '#module.waitingForDependencies', actions: ['noteStopIntent', 'recordIdleStop'] },
      { target: '#module.stopped', actions: ['noteStopIntent', 'recordIdleStop'] },
    ],
    'deps.down': { target: '#module.waitingForDependencies', actions: 'noteDepsDown' },
    'module.restart': { target: '#module.verification', actions: 'enable' },
    'module.reload': { target: '#module.verification', actions: 'enable' },
  } as const;
  return machineSetup.createMachine({
    id: 'module',
    context: ({ input }) => initialContext(input),
    initial: 'discovery',
    on: {
      'child.spawned': { guard: 'currentSpawn', actions: 'recordSpawn' },
      'child.exited': exitTransitions,
      'xstate.error.actor.process': exitTransitions,
      'deps.ready': { actions: 'noteDepsReady' },
      'deps.down': { actions: 'noteDepsDown' },
      'module.stop': { actions: ['noteStopIntent', 'recordIdleStop'] },
      'module.policy': { actions: 'adoptPolicy' },
      'standby.started': { guard: 'currentSpare', actions: 'recordSpareSpawn' },
      'standby.spawned': { guard: 'currentSpare', actions: 'recordSpareSpawn' },
      'standby.held': { guard: 'currentSpare', actions: 'recordSpareHeld' },
      'standby.exited': { guard: 'currentSpare', actions: 'replaceSpare' },
    },
    states: {
      discovery: {
        entry: { type: 'notifyPhase', params: { phase: 'discovery' } },
        always: [
          { guard: 'desiredDisabled', target: 'stopped' },
          { guard: 'hasQuarantine', target: 'quarantined' },
          { target: 'verification' },
        ],
      },
      verification: {
        entry: [{ type: 'notifyPhase', params: { phase: 'verification' } }, 'stopSpare'],
        invoke: {
          src: 'verify',
          input: ({ context }) => ({ module: context.name }),
          onDone: [
            {
              guard: { type: 'verificationPassed', params: ({ event }) => ({ output: event.output }) },
              target: 'waitingForDependencies',
              actions: { type: 'recordVerification', params: ({ event }) => ({ output: event.output }) },
            },
            { target: 'rejected', actions: { type: 'recordVerification', params: ({ event }) => ({ output: event.output }) } },
          ],
          onError: {
            target: 'rejected',
            actions: { type: 'recordProblems', params: ({ event }) => ({ problems: [`verification failed: ${errorText(event.error)}`] }) },
          },
        },
        on: {
          'module.stop': [
            { guard: 'dependencyStop', actions: ['noteStopIntent', 'recordIdleStop'] },
            { target: 'stopped', actions: ['noteStopIntent', 'recordIdleStop'] },
          ],
          'module.restart': { target: 'verification', reenter: true, actions: 'enable' },
          'module.reload': { target: 'verification', reenter: true, actions: 'enable' },
        },
      },
      rejected: {
        entry: [{ type: 'notifyPhase', params: { phase: 'rejected' } }, 'forgetSnapshot', 'stopSpare'],
        on: {
          'module.start': { target: 'verification', actions: 'enable' },
          'module.restart': { target: 'verification', actions: 'enable' },
          'module.reload': { target: 'verification', actions: 'enable' },
        },
      },
      waitingForDependencies: {
        entry: { type: 'notifyPhase', params: { phase: 'waitingForDependencies' } },
        // Loading spawns only a verified snapshot; without one the module is verified first.
        always: [
          { guard: 'readyToLoad', target: 'loading' },
          { guard: 'depsSatisfied', target: 'verification' },
        ],
        on: {
          'module.stop': [
            { guard: 'dependencyStop', actions: ['noteStopIntent', 'recordIdleStop'] },
            { target: 'stopped', actions: ['noteStopIntent', 'recordIdleStop'] },
          ],
          'module.restart': { target: 'verification', actions: 'enable' },
          'module.reload': { target: 'verification', actions: 'enable' },
        },
      },
      loading: {
        // A spare runs only the spec it was spawned from: a new spec gets a new spare.
        entry: [{ type: 'notifyPhase', params: { phase: 'loading' } }, 'stopSpare'],
        invoke: {
          src: 'prepare',
          input: ({ context }) => ({ module: context.name, snapshot: context.snapshot }),
          onDone: { target: 'execution', actions: { type: 'recordSpec', params: ({ event }) => ({ spec: event.output }) } },
          onError: {
            target: 'rejected',
            actions: { type: 'recordProblems', params: ({ event }) => ({ problems: [`loading failed: ${errorText(event.error)}`] }) },
          },
        },
        on: {
          ...idleTransitions,
        },
      },
      execution: {
        entry: [{ type: 'notifyPhase', params: { phase: 'execution' } }, 'spawnProcess'],
        after: {
          readyTimeout: { target: 'stopping', actions: { type: 'requestStop', params: { reason: 'ready_timeout' } } },
        },
        on: {
          'ipc.ready': { guard: 'currentInstance', target: 'monitoring', actions: 'recordReady' },
          'module.stop': { target: 'stopping', actions: ['noteStopIntent', { type: 'requestStop', params: ({ event }) => ({ reason: event.reason }) }] },
          'deps.down': { target: 'stopping', actions: ['noteDepsDown', { type: 'requestStop', params: { reason: 'dependency' } }] },
          'module.restart': { target: 'stopping', actions: ['enable', { type: 'requestStop', params: { reason: 'restart' } }] },
          'module.reload': { target: 'stopping', actions: ['enable', { type: 'requestStop', params: { reason: 'reload' } }] },
          'ipc.disconnected': { guard: 'currentInstance', actions: 'stopIfStillAlive' },
          'limit.breach': {
            guard: and(['currentLimit', 'limitKills']),
            target: 'stopping',
            actions: { type: 'requestStop', params: ({ event }) => ({ reason: event.reason }) },
          },
        },
      },
      monitoring: {
        entry: [{ type: 'notifyPhase', params: { phase: 'monitoring' } }, 'startSpare'],
        initial: 'healthy',
        on: {
          'ipc.liveness': {
            guard: and(['currentInstance', 'pingsLost']),
            target: 'stopping',
            actions: ['recordLiveness', { type: 'requestStop', params: { reason: 'ping_timeout' } }],
          },
          'limit.breach': [
            { guard: and(['currentLimit', 'limitKills']), target: 'stopping', actions: { type: 'requestStop', params: ({ event }) => ({ reason: event.reason }) } },
            { guard: 'currentLimit', target: '.degraded' },
          ],
          'module.stop': { target: 'stopping', actions: ['noteStopIntent', { type: 'requestStop', params: ({ event }) => ({ reason: event.reason }) }] },
          'deps.down': { target: 'stopping', actions: ['noteDepsDown', { type: 'requestStop', params: { reason: 'dependency' } }] },
          'module.restart': { target: 'stopping', actions: ['enable', { type: 'requestStop', params: { reason: 'restart' } }] },
          'module.reload': { target: 'stopping', actions: ['enable', { type: 'requestStop', params: { reason: 'reload' } }] },
          'ipc.disconnected': { guard: 'currentInstance', actions: 'stopIfStillAlive' },
          'module.policy': { actions: ['adoptPolicy', 'startSpare'] },
        },
        states: {
          healthy: {
            after: { resetAfter: { actions: 'resetAttempt' } },
            on: {
              'ipc.liveness': { guard: and(['currentInstance', 'pingsMissing']), target: 'degraded', actions: 'recordLiveness' },
            },
          },
          degraded: {
            on: {
              'limit.cleared': { guard: 'limitCleared', target: 'healthy' },
              'ipc.liveness': [
                { guard: and(['currentInstance', 'pingsAnswered']), target: 'healthy', actions: 'recordLiveness' },
                { guard: and(['currentInstance', 'pingsMissing']), actions: 'recordLiveness' },
              ],
            },
          },
        },
      },
      stopping: {
        entry: [{ type: 'notifyPhase', params: { phase: 'stopping' } }, 'stopSpare'],
        on: {
          'module.stop': { actions: ['noteStopIntent', { type: 'escalateStop', params: ({ event }) => ({ reason: event.reason }) }] },
          'deps.down': { actions: ['noteDepsDown', { type: 'escalateStop', params: { reason: 'dependency' } }] },
          'module.restart': { actions: ['enable', { type: 'escalateStop', params: { reason: 'restart' } }] },
          'module.reload': { actions: ['enable', { type: 'escalateStop', params: { reason: 'reload' } }] },
        },
      },
      backoff: {
        entry: { type: 'notifyPhase', params: { phase: 'backoff' } },
        exit: 'clearBackoff',
        // A crash restart re-uses the verified snapshot (no re-hash): nothing else may run.
        always: [
          { guard: 'spareAdoptable', target: 'execution', actions: 'promoteSpare' },
          { guard: 'noBackoffDelay', target: 'waitingForDependencies' },
        ],
        after: { backoff: { target: 'waitingForDependencies' } },
        on: {
          ...idleTransitions,
        },
      },
      quarantined: {
        entry: [{ type: 'notifyPhase', params: { phase: 'quarantined' } }, 'forgetSnapshot', 'stopSpare'],
        on: {
          'module.release': { target: 'verification', actions: 'release' },
        },
      },
      stopped: {
        entry: [{ type: 'notifyPhase', params: { phase: 'stopped' } }, 'forgetSnapshot', 'stopSpare'],
        on: {
          'module.start': [
            { guard: 'hasQuarantine', target: 'quarantined', actions: 'enable' },
            { target: 'verification', actions: 'enable' },
          ],
          'module.restart': [
            { guard: 'hasQuarantine', target: 'quarantined', actions: 'enable' },
            { target: 'verification', actions: 'enable' },
          ],
          'module.reload': [
            { guard: 'hasQuarantine', target: 'quarantined', actions: 'enable' },
            { target: 'verification', actions: 'enable' },
          ],
        },
      },
    },
  });
}

export type ModuleMachine = ReturnType<typeof createModuleMachine>;
