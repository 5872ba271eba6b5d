// The operator API on data/control.sock (JSON-RPC 2.0): one method per operator command.
import type { ControlServer } from '../control/control-server.js';
import { BlvmError } from '../errors.js';
import type { NodeRuntime } from './node-runtime.js';

function nameParam(params: unknown): string {
  const name = (params as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name === '') throw new BlvmError('usage', 'params.name: expected a module name');
  return name;
}

export function registerControlMethods(control: ControlServer, runtime: NodeRuntime, shutdown: (reason: string) => void): void {
  control.register('getnodestatus', async () => runtime.nodeStatus());
  control.register('listmodules', async () => runtime.listModules());
  control.register('getmoduleinfo', async (params) => runtime.moduleDetails(nameParam(params)));
  control.register('loadmodule', async (params) => runtime.load(nameParam(params)));
  control.register('unloadmodule', async (params) => runtime.command(nameParam(params), 'stop'));
  control.register('reloadmodule', async (params) => runtime.command(nameParam(params), 'reload'));
  control.register('restartmodule', async (params) => runtime.command(nameParam(params), 'restart'));
  control.register('releasemodule', async (params) => runtime.command(nameParam(params), 'release'));
  control.register('stop', async () => {
    setImmediate(() => shutdown('stop requested over the control socket'));
    return { pid: process.pid };
  });
}
