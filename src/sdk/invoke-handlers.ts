// What a module offers the node: methods exposed to other modules and CLI commands. Each
// `invoke` is answered with exactly one `invoke_result`.
import { errorText } from '../errors.js';
import type { ApiErrorBody } from '../ipc/api-errors.js';
import type { FrameObject } from '../ipc/frame-decoder.js';
import { ModuleRequestError } from './module-request-error.js';

/** Handles a call from another module; `caller` is the calling module's name. Throw ModuleRequestError for a typed error. */
export type ExposedHandler = (params: unknown, call: { caller: string }) => unknown;

export interface CliContext {
  /** The arguments after the command word, as typed. */
  args: string[];
  /** Declared options by argument name: the value, or true for a flag. */
  options: Record<string, string | boolean>;
  positionals: string[];
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Returns the exit code (default 0); a thrown error prints its message and exits 1. */
export type CliHandler = (ctx: CliContext) => number | void | Promise<number | void>;

export interface CliArg {
  name: string;
  long?: string;
  short?: string;
  takes_value?: boolean;
  required?: boolean;
  help?: string;
}

export interface CliCommand {
  name: string;
  about?: string;
  args?: CliArg[];
  run: CliHandler;
}

export interface CliGroup {
  name: string;
  about?: string;
  commands: CliCommand[];
}

export class InvokeHandlers {
  private readonly methods = new Map<string, ExposedHandler>();
  private readonly cli = new Map<string, Map<string, CliHandler>>();

  addMethod(name: string, handler: ExposedHandler): void {
    this.methods.set(name, handler);
  }

  addCliGroup(group: CliGroup): void {
    this.cli.set(group.name, new Map(group.commands.map((c) => [c.name, c.run])));
  }

  /** Runs the invoked method and sends its result or typed error. */
  async handle(frame: FrameObject, send: (envelope: object) => void): Promise<void> {
    const method = String(frame.method);
    try {
      const result = method === 'cli.run' ? await this.runCli(frame.params) : await this.runMethod(method, frame);
      send({ kind: 'invoke_result', id: frame.id, result: result === undefined ? null : result });
    } catch (error) {
      send({ kind: 'invoke_result', id: frame.id, error: wireError(error) });
    }
  }

  private async runMethod(method: string, frame: FrameObject): Promise<unknown> {
    const handler = this.methods.get(method);
    if (!handler) throw new ModuleRequestError('not_found', `no exposed method "${method}"`, method);
    return handler(frame.params ?? {}, { caller: typeof frame.caller === 'string' ? frame.caller : '' });
  }

  private async runCli(params: unknown): Promise<{ exit_code: number; stdout: string; stderr: string }> {
    const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
    const handler = this.cli.get(String(p.group))?.get(String(p.command));
    if (!handler) throw new ModuleRequestError('not_found', `no CLI command "${String(p.group)} ${String(p.command)}"`, 'cli.run');
    let stdout = '';
    let stderr = '';
    const ctx: CliContext = {
      args: Array.isArray(p.args) ? p.args.map(String) : [],
      options: (typeof p.options === 'object' && p.options !== null ? p.options : {}) as Record<string, string | boolean>,
      positionals: Array.isArray(p.positionals) ? p.positionals.map(String) : [],
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    };
    try {
      const code = await handler(ctx);
      return { exit_code: typeof code === 'number' ? code : 0, stdout, stderr };
    } catch (error) {
      return { exit_code: 1, stdout, stderr: `${stderr}${errorText(error)}\n` };
    }
  }
}

function wireError(error: unknown): ApiErrorBody {
  if (error instanceof ModuleRequestError) return { code: error.code, message: error.message };
  return { code: 'internal', message: errorText(error) || 'internal error' };
}
