// Starts one module machine on a SimulatedClock with fake effects and drives it like the daemon would.
import { createActor, SimulatedClock, waitFor, type SnapshotFrom } from 'xstate';
import type { SupervisionPolicy } from '../../../src/config/types.js';
import type { ExitRecord } from '../../../src/process/types.js';
import { createModuleMachine, type ModuleMachine } from '../../../actors/module-machine.js';
import type { ModulePhase, PersistedModule } from '../../../actors/module/types.js';
import { fakeEffects, type FakeEffectOptions } from './fake-effects.js';
import { fakeProcesses, type FakeChild } from './fake-process.js';
import { testPolicy } from './policy.js';

export interface HarnessOptions extends FakeEffectOptions {
  policy?: Partial<SupervisionPolicy>;
  hasRequiredDependencies?: boolean;
  persisted?: PersistedModule;
  random?: () => number;
  name?: string;
}

export function startModule(options: HarnessOptions = {}) {
  const name = options.name ?? 'miner';
  const clock = new SimulatedClock();
  const processes = fakeProcesses();
  const { effects, calls } = fakeEffects(processes, options);
  const phases: ModulePhase[] = [];
  const machine = createModuleMachine(effects, { random: options.random ?? (() => 0.5) }).provide({
    actions: { notifyPhase: (_, params) => void phases.push(params.phase) },
  });
  const actor = createActor(machine, {
    clock,
    input: {
      name,
      policy: testPolicy(options.policy),
      critical: false,
      hasRequiredDependencies: options.hasRequiredDependencies ?? false,
      ...(options.persisted === undefined ? {} : { persisted: options.persisted }),
    },
  });
  const errors: unknown[] = [];
  actor.subscribe({ error: (error) => void errors.push(error) });
  actor.start();

  const phase = () => topPhase(actor.getSnapshot());
  const context = () => actor.getSnapshot().context;

  /** Resolves once the machine reaches `state` (a top-level phase or a state value). */
  async function reach(state: ModulePhase | { monitoring: 'healthy' | 'degraded' }): Promise<void> {
    await waitFor(actor, (s) => s.matches(state), { timeout: 1_000 });
  }

  /** Waits for the spawn, announces the child and its ready: the module is monitored. */
  async function runUntilReady(): Promise<FakeChild> {
    await reach('execution');
    const child = processes.latest(name);
    processes.spawned(child, clock.now());
    actor.send({ type: 'ipc.ready', instanceId: child.instanceId, at: clock.now() });
    return child;
  }

  function crash(child: FakeChild, exit: Partial<ExitRecord> = {}): void {
    processes.exited(child, { at: clock.now(), ...exit });
  }

  return { actor, clock, processes, calls, phases, errors, phase, context, reach, runUntilReady, crash };
}

export type ModuleHarness = ReturnType<typeof startModule>;

export function topPhase(snapshot: SnapshotFrom<ModuleMachine>): ModulePhase {
  const value = snapshot.value;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as ModulePhase;
}
