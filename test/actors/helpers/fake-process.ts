// A stand-in for the process actor: records the commands it receives and lets a test play
// the child's side (spawned, exited) back to the module machine.
import { fromCallback } from 'xstate';
import type { ExitRecord, ProcessCommand, ProcessEvent } from '../../../src/process/types.js';
import type { ProcessInput } from '../../../actors/module/types.js';

export interface FakeChild {
  module: string;
  attempt: number;
  instanceId: string;
  commands: ProcessCommand[];
  disposed: boolean;
  sendBack: (event: ProcessEvent) => void;
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
    };
    children.push(child);
    receive((command) => child.commands.push(command));
    return () => {
      child.disposed = true;
    };
  });

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

  return { logic, children, latest, spawned, exited };
}

export type FakeProcesses = ReturnType<typeof fakeProcesses>;
