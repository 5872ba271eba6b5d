// Runs the process actor under a tiny parent machine and records what it reports, with a
// fake IPC server and a real pid registry in a temp dir.
import path from 'node:path';
import type { ExecutionContext } from 'ava';
import { createActor, sendTo, setup } from 'xstate';
import { silentLogger } from '../../src/log/logger.js';
import { createProcessActor, type ProcessIpc } from '../../src/process/process-actor.js';
import { PidRegistry } from '../../src/process/pid-registry.js';
import { groupMembers, signalGroup } from '../../src/process/process-group.js';
import type { ExitRecord, ProcessCommand, ProcessEvent, SpawnSpec } from '../../src/process/types.js';
import { eventually, fixture, tempDir } from './helpers.js';

export class FakeIpc implements ProcessIpc {
  expected: { module: string; instanceId: string; token: string; capabilities: string[]; held?: boolean }[] = [];
  forgotten: string[] = [];
  admitted: string[] = [];
  shutdowns: { instanceId: string; reason: string }[] = [];
  pingIntervals: { instanceId: string; ms: number }[] = [];
  onShutdown: (instanceId: string) => boolean = () => false;

  expect(inst: { module: string; instanceId: string; token: string; capabilities: string[]; held?: boolean }): void {
    this.expected.push(inst);
  }
  forget(instanceId: string): void {
    this.forgotten.push(instanceId);
  }
  admit(instanceId: string): void {
    this.admitted.push(instanceId);
  }
  sendShutdown(instanceId: string, reason: string): boolean {
    this.shutdowns.push({ instanceId, reason });
    return this.onShutdown(instanceId);
  }
  setPingInterval(instanceId: string, ms: number): void {
    this.pingIntervals.push({ instanceId, ms });
  }
}

export interface Harness {
  dir: string;
  spec: SpawnSpec;
  ipc: FakeIpc;
  registry: PidRegistry;
  events: ProcessEvent[];
  lines: string[];
  send(command: ProcessCommand): void;
  stopActor(): void;
  spawned(): Promise<Extract<ProcessEvent, { type: 'child.spawned' }>>;
  exited(): Promise<ExitRecord>;
  line(pattern: RegExp): Promise<string>;
}

export interface HarnessOptions {
  /** Adjusts the fake IPC server before the actor starts. */
  configure?: (ipc: FakeIpc) => void;
  /** Prepares the temp dir (the child's cwd) before the actor starts. */
  before?: (dir: string) => Promise<void>;
}

/** The spec of a fixture child running in `dir` (exit-with.js unless overridden). */
export function fixtureSpec(dir: string, overrides: Partial<SpawnSpec> = {}): SpawnSpec {
  return {
    module: 'fixture',
    command: fixture('exit-with.js'),
    args: [],
    cwd: dir,
    env: { BLVM_MODULE: 'fixture', BLVM_DATA_DIR: dir },
    logDir: path.join(dir, 'logs'),
    logMaxFileSize: 1 << 20,
    logMaxFiles: 3,
    stopGrace: 300,
    killGrace: 300,
    pingInterval: 60_000,
    capabilities: ['subscribe_events'],
    rlimits: {},
    ...overrides,
  };
}

export async function startProcess(
  t: ExecutionContext,
  overrides: Partial<SpawnSpec>,
  options: HarnessOptions = {},
): Promise<Harness> {
  const dir = await tempDir(t);
  await options.before?.(dir);
  const spec = fixtureSpec(dir, overrides);
  const ipc = new FakeIpc();
  options.configure?.(ipc);
  const registry = await PidRegistry.open(path.join(dir, 'run', 'pids.json'), silentLogger);
  const events: ProcessEvent[] = [];
  const lines: string[] = [];
  const logic = createProcessActor({ ipc, registry, log: silentLogger, onOutput: (_module, line) => lines.push(line) });
  const parent = setup({
    types: { events: {} as ProcessEvent | ProcessCommand },
    actors: { process: logic },
  }).createMachine({
    invoke: { id: 'process', src: 'process', input: { spec, attempt: 1 } },
    on: {
      'child.spawned': { actions: ({ event }) => events.push(event) },
      'child.exited': { actions: ({ event }) => events.push(event) },
      'process.stop': { actions: sendTo('process', ({ event }) => event) },
      'process.signal': { actions: sendTo('process', ({ event }) => event) },
      'process.timing': { actions: sendTo('process', ({ event }) => event) },
    },
  });
  const actor = createActor(parent);
  actor.subscribe({ error: (err) => t.fail(`parent machine failed: ${String(err)}`) });
  actor.start();

  t.teardown(async () => {
    actor.stop();
    for (const event of events) {
      if (event.type === 'child.spawned' && groupMembers(event.pid).length > 0) signalGroup(event.pid, 'SIGKILL');
    }
    await eventually(() => registry.entries().length === 0, 5_000);
    await registry.close();
  });

  const find = async <E extends ProcessEvent['type']>(type: E): Promise<Extract<ProcessEvent, { type: E }>> => {
    if (!(await eventually(() => events.some((e) => e.type === type), 20_000))) throw new Error(`no ${type} event`);
    return events.find((e) => e.type === type) as Extract<ProcessEvent, { type: E }>;
  };
  return {
    dir,
    spec,
    ipc,
    registry,
    events,
    lines,
    send: (command) => actor.send(command),
    stopActor: () => actor.stop(),
    spawned: () => find('child.spawned'),
    exited: async () => (await find('child.exited')).exit,
    line: async (pattern) => {
      if (!(await eventually(() => lines.some((l) => pattern.test(l)), 20_000))) throw new Error(`no output line ${pattern}`);
      return lines.find((l) => pattern.test(l)) as string;
    },
  };
}
