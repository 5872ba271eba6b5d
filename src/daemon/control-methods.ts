// The operator API on data/control.sock (JSON-RPC 2.0): one method per operator command.
import type { ControlServer } from '../control/control-server.js';
import type { CallerInfo } from '../control/control-connection.js';
import { BlvmError } from '../errors.js';
import type { Audit } from './audit.js';
import type { ConfigReloader } from './config-reload.js';
import { migrateModuleDatabase } from './migrate-db.js';
import type { NodeRuntime } from './node-runtime.js';

function nameParam(params: unknown): string {
  const name = (params as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || name === '') throw new BlvmError('usage', 'params.name: expected a module name');
  return name;
}

export function registerControlMethods(control: ControlServer, runtime: NodeRuntime, shutdown: (reason: string) => void, audit: Audit = () => {}): void {
  // Every acting method leaves an audit line before it acts.
  const acting = (action: string, run: (name: string, params: unknown) => Promise<unknown>) => async (params: unknown, caller?: CallerInfo) => {
    const name = nameParam(params);
    audit({ action, module: name, via: 'control socket', from: caller?.peer ?? 'control socket' });
    return run(name, params);
  };
  control.register('getnodestatus', async () => runtime.nodeStatus());
  control.register('listmodules', async () => runtime.listModules());
  control.register('getmoduleinfo', async (params) => runtime.moduleDetails(nameParam(params)));
  control.register('loadmodule', acting('load', (name) => runtime.load(name)));
  control.register('unloadmodule', acting('stop', (name) => runtime.command(name, 'stop')));
  control.register('reloadmodule', acting('reload', (name) => runtime.command(name, 'reload')));
  control.register('restartmodule', acting('restart', (name) => runtime.command(name, 'restart')));
  control.register('releasemodule', acting('release', (name) => runtime.command(name, 'release')));
  control.register(
    'migratemoduledb',
    acting('migrate database', (name, params) => migrateModuleDatabase(runtime, name, (params as { to?: unknown }).to)),
  );
  control.register('stop', async (_params: unknown, caller?: CallerInfo) => {
    audit({ action: 'shutdown', module: null, via: 'control socket', from: caller?.peer ?? 'control socket' });
    setImmediate(() => shutdown('stop requested over the control socket'));
    return { pid: process.pid };
  });
}

/** `blvm reload`: re-read blvm.toml and apply what can change live (src/daemon/config-reload.ts). */
export function registerReloadMethod(control: ControlServer, reloader: ConfigReloader, audit: Audit = () => {}): void {
  control.register('reloadconfig', async (_params: unknown, caller?: CallerInfo) => {
    audit({ action: 'reload config', module: null, via: 'control socket', from: caller?.peer ?? 'control socket' });
    return reloader.reload();
  });
}
