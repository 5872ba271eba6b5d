// A stand-in for the process actor: records the commands it receives and lets a test play
// the child's side (spawned, exited) back to the module machine.
import { fromCallback } from 'xstate';
import type { EventObject } from 'xstate';
import type { ExitRecord, ProcessCommand, ProcessEvent, StandbyEvent } from '../../../src/process/types.js';
import type { ProcessInput, StandbyInput } from '../../../actors/module/types.js';

export interface FakeChild {
  module: string;
  attempt: number;
  instanceId: string;
  commands: ProcessCommand[];
  disposed: boolean;
  sendBack: (event: ProcessEvent) => void;
  /** The standby this process actor was told to take over, if any. */
  adopt?: string;
}

/** A stand-in for the standby actor: one per spare the machine asks for. */
export interface FakeSpare {
  input: StandbyInput;
  disposed: boolean;
  sendBack: (event: StandbyEvent) => void;
}

export function fakeProcesses() {
  const children: FakeChild[] = [];
  const logic = fromCallback<ProcessCommand, ProcessInput>(({ input, sendBack, receive }) => {
    const child: FakeChild = {
      module: input.spec.module,
      attempt: input.attempt,
      instanceId: `${input.spec.module}#${children.length + 1}`,
      commands: [],
      disposed: false,
      sendBack: (event) => sendBack(event),
      ...(input.adopt === undefined ? {} : { adopt: input.adopt }),
    };
    children.push(child);
    receive((command) => child.commands.push(command));
    return () => {
      child.disposed = true;
    };
  });

  const spares: FakeSpare[] = [];
  const standbyLogic = fromCallback<EventObject, StandbyInput>(({ input, sendBack }) => {
    const spare: FakeSpare = { input, disposed: false, sendBack: (event) => sendBack(event) };
    spares.push(spare);
    return () => {
      spare.disposed = true;
    };
  });

  /** The spare started, announced with `instanceId` and `pid`. */
  function spareSpawned(spare: FakeSpare, instanceId: string, pid: number): void {
    spare.sendBack({ type: 'standby.spawned', generation: spare.input.generation, instanceId, pid });
  }

  function spareExited(spare: FakeSpare, exit: Partial<ExitRecord> & { at: number }): void {
    const record: ExitRecord = { code: null, signal: 'SIGKILL', reason: 'crashed', byUs: false, uptimeMs: 1_000, ...exit };
    spare.sendBack({ type: 'standby.exited', generation: spare.input.generation, exit: record });
  }

  /** The newest child of a module (or of any module). */
  function latest(module?: string): FakeChild {
    const found = children.filter((c) => module === undefined || c.module === module).at(-1);
    if (found === undefined) throw new Error(`no child spawned for ${module ?? 'any module'}`);
    return found;
  }

  function spawned(child: FakeChild, at: number, pid = 1000 + children.indexOf(child)): void {
    child.sendBack({ type: 'child.spawned', pid, instanceId: child.instanceId, at });
  }

  function exited(child: FakeChild, exit: Partial<ExitRecord> & { at: number }): void {
    const record: ExitRecord = { code: 1, signal: null, reason: 'crashed', byUs: false, uptimeMs: 1_000, ...exit };
    child.sendBack({ type: 'child.exited', instanceId: child.instanceId, exit: record });
  }

  return { logic, children, latest, spawned, exited, standbyLogic, spares, spareSpawned, spareExited };
}

export type FakeProcesses = ReturnType<typeof fakeProcesses>;
