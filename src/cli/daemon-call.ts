// CLI side of the control socket: find the running daemon of this config and call it.
import { controlCall } from '../control/control-client.js';
import { controlSocketPath } from '../supervision/module-paths.js';
import type { CliIo } from './io.js';

export async function daemonCall<T = unknown>(
  io: CliIo,
  method: string,
  params: Record<string, unknown> = {},
  opts: { timeoutMs?: number } = {},
): Promise<T> {
  const config = await io.config();
  return (await controlCall(controlSocketPath(config.node.data_dir), method, params, opts)) as T;
}
