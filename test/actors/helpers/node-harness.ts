// Starts a node machine with real module machines over fake effects, on a SimulatedClock.
import { createActor, SimulatedClock, waitFor, type ActorRefFrom } from 'xstate';
import type { SupervisionPolicy } from '../../../src/config/types.js';
import type { ExitRecord } from '../../../src/process/types.js';
import { createModuleMachine, type ModuleMachine } from '../../../actors/module-machine.js';
import { createNodeMachine } from '../../../actors/node-machine.js';
import type { ModulePhase } from '../../../actors/module/types.js';
import type { NodeModuleInput } from '../../../actors/node/types.js';
import { fakeEffects, type FakeEffectOptions } from './fake-effects.js';
import { fakeProcesses } from './fake-process.js';
import { testPolicy } from './policy.js';
import { topPhase } from './module-harness.js';

export type ModuleSketch = Partial<Omit<NodeModuleInput, 'policy'>> & { name: string; policy?: Partial<SupervisionPolicy> };

export function nodeModule(sketch: ModuleSketch, order: number): NodeModuleInput {
  return { requires: [], optional: [], order, critical: false, ...sketch, policy: testPolicy(sketch.policy) };
}

export function startNode(modules: ModuleSketch[], options: FakeEffectOptions = {}) {
  const clock = new SimulatedClock();
  const processes = fakeProcesses();
  const { effects, calls } = fakeEffects(processes, options);
  const node = createActor(createNodeMachine(createModuleMachine(effects, { random: () => 0.5 })), {
    clock,
    input: { modules: modules.map(nodeModule) },
  });
  const errors: unknown[] = [];
  node.subscribe({ error: (error) => void errors.push(error) });
  node.start();

  function moduleActor(name: string): ActorRefFrom<ModuleMachine> {
    const actor = node.system.get(`module:${name}`) as ActorRefFrom<ModuleMachine> | undefined;
    if (actor === undefined) throw new Error(`no module actor ${name}`);
    return actor;
  }

  const phase = (name: string): ModulePhase => topPhase(moduleActor(name).getSnapshot());
  const tracked = (name: string) => node.getSnapshot().context.modules.find((m) => m.name === name);

  async function reach(name: string, wanted: ModulePhase): Promise<void> {
    await waitFor(moduleActor(name), (s) => topPhase(s) === wanted, { timeout: 1_000 });
  }

  /** Plays the child of `name` up to its explicit ready. */
  async function bringUp(name: string): Promise<void> {
    await reach(name, 'execution');
    const child = processes.latest(name);
    processes.spawned(child, clock.now());
    moduleActor(name).send({ type: 'ipc.ready', instanceId: child.instanceId, at: clock.now() });
  }

  function exit(name: string, exitRecord: Partial<ExitRecord> = {}): void {
    processes.exited(processes.latest(name), { at: clock.now(), ...exitRecord });
  }

  /** Commands received by the newest child of `name`. */
  const commands = (name: string) => processes.latest(name).commands;

  return { node, clock, processes, calls, errors, moduleActor, phase, tracked, reach, bringUp, exit, commands };
}
