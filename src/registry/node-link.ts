// The running node, if any, as the registry commands need it: load, reload, release or
// unload a module over the control socket and wait (bounded) until it runs or fails.
import type { NodeConfig } from '../config/types.js';
import { controlCall } from '../control/control-client.js';
import { isBlvmError } from '../errors.js';
import { errnoCode } from '../manifest/paths.js';
import type { ModuleDetails } from '../supervision/status-types.js';
import { controlSocketPath } from '../supervision/module-paths.js';
import { failureReason } from '../supervision/failure-reason.js';
import { longestSettleMs } from '../supervision/resolved-policy.js';

export { failureReason };

export interface CommandResult {
  name: string;
  phase: string;
  message: string;
}

export interface RunOutcome {
  ok: boolean;
  phase: string;
  /** Why it is not running, for messages ("" when ok). */
  reason: string;
}

/** Phases in which a module has no process the node would still start by itself. */
export const IDLE_PHASES = ['stopped', 'rejected', 'quarantined'];
const FAILED_PHASES = ['rejected', 'quarantined', 'backoff', 'stopped'];
const POLL_MS = 200;

export class NodeLink {
  private constructor(
    private readonly socket: string,
    /** Longest a module takes to settle after a command, plus slack. */
    readonly settleMs: number,
  ) {}

  /** The running node of this config, or null when no daemon listens on its control socket. */
  static async connect(config: NodeConfig): Promise<NodeLink | null> {
    const socket = controlSocketPath(config.node.data_dir);
    try {
      await controlCall(socket, 'getnodestatus', undefined, { timeoutMs: 10_000 });
    } catch (error) {
      const cause = isBlvmError(error) ? errnoCode(error.cause) : undefined;
      if (cause === 'ENOENT' || cause === 'ECONNREFUSED') return null;
      throw error;
    }
    return new NodeLink(socket, longestSettleMs(config));
  }

  async info(name: string): Promise<ModuleDetails | null> {
    try {
      return (await controlCall(this.socket, 'getmoduleinfo', { name }, { timeoutMs: 10_000 })) as ModuleDetails;
    } catch (error) {
      if (isBlvmError(error) && error.code === 'not_found') return null;
      throw error;
    }
  }

  command(method: 'loadmodule' | 'reloadmodule' | 'releasemodule' | 'unloadmodule', name: string): Promise<CommandResult> {
    return controlCall(this.socket, method, { name }, { timeoutMs: this.settleMs + 10_000 }) as Promise<CommandResult>;
  }

  /** Stops the module's process if it has one (a module without one is left as it is). */
  async stopIfRunning(name: string): Promise<void> {
    const info = await this.info(name);
    if (info !== null && !IDLE_PHASES.includes(info.phase)) await this.command('unloadmodule', name);
  }

  /** Polls until the module reaches `monitoring` (ok), a failed phase, or the deadline. */
  async waitRunning(name: string, timeoutMs = this.settleMs): Promise<RunOutcome> {
    const deadline = Date.now() + timeoutMs;
    let last: ModuleDetails | null = null;
    for (;;) {
      last = await this.info(name);
      if (last === null) return { ok: false, phase: 'unknown', reason: `the node does not know module ${name}` };
      if (last.phase === 'monitoring') return { ok: true, phase: last.phase, reason: '' };
      if (FAILED_PHASES.includes(last.phase)) return { ok: false, phase: last.phase, reason: failureReason(last) };
      if (Date.now() >= deadline) return { ok: false, phase: last.phase, reason: `still ${last.phase} after ${timeoutMs} ms` };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
