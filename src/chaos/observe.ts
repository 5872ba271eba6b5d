// Reads what the node did after an injection: its recorded transitions and module status.
import { controlCall } from '../control/control-client.js';
import type { ModuleDetails } from '../supervision/status-types.js';

export interface Transition {
  id: number;
  at: number;
  from: string;
  to: string;
  event: string;
}

export class NodeObserver {
  /** Every module process group seen during the run, to look for orphans at the end. */
  readonly seenGroups = new Set<number>();

  constructor(readonly socketPath: string) {}

  async module(name: string): Promise<ModuleDetails> {
    return (await controlCall(this.socketPath, 'getmoduleinfo', { name })) as ModuleDetails;
  }

  /** The module processes the node supervises right now, with their groups (its pid registry). */
  async liveProcesses(): Promise<{ pid: number; pgid: number }[]> {
    return (await controlCall(this.socketPath, 'getprocessgroups')) as { pid: number; pgid: number }[];
  }

  /** Remembers every group supervised now, so the end of the run can check they are gone. */
  async recordGroups(): Promise<void> {
    for (const { pgid } of await this.liveProcesses()) this.seenGroups.add(pgid);
  }

  async transitionsSince(name: string, since: number): Promise<Transition[]> {
    const rows = (await controlCall(this.socketPath, 'getmoduletransitions', { name, limit: 500 })) as Transition[];
    return rows.filter((r) => r.at >= since);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
