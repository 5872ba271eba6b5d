// `blvm start`: lock the data dir, open the store, sweep orphans, plan, build the actor tree,
// serve the module and control sockets, and stop everything in order on request.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { ControlServer } from '../control/control-server.js';
import { ModuleServer } from '../ipc/module-server.js';
import type { Logger } from '../log/logger.js';
import { PidRegistry } from '../process/pid-registry.js';
import { shareNodeSocket } from '../sandbox/socket-access.js';
import { openStore, storeOptions } from '../store/index.js';
import { developmentKeyWarning } from '../trust/development-keys.js';
import { JsonRollbackState } from '../trust/rollback-state.js';
import { controlSocketPath, nodeSocketPath } from '../supervision/module-paths.js';
import { acquireDataLock } from './data-lock.js';
import { NodeRuntime } from './node-runtime.js';
import { createAudit } from './audit.js';
import { registerControlMethods, registerReloadMethod } from './control-methods.js';
import { ConfigReloader, type ReloadReport } from './config-reload.js';
import { ApiRouter } from '../api/api-router.js';
import { EventHub } from './event-hub.js';
import { lifecycleLog } from './lifecycle-log.js';
import type { DaemonContext, DaemonService } from './services.js';
import { createDaemonServices } from './service-list.js';

export interface RunningDaemon {
  runtime: NodeRuntime;
  /** Resolves once every module is stopped and every resource released. */
  done: Promise<void>;
  shutdown(reason: string): Promise<void>;
  /** Re-reads blvm.toml and applies what can change live (SIGHUP, `blvm reload`). */
  reload(): Promise<ReloadReport>;
}

export interface DaemonHooks {
  /** Called once when the stop begins, whatever asked for it (signal, `blvm stop`, the machine). */
  onStopping?: (reason: string) => void;
}

export async function startDaemon(config: NodeConfig, log: Logger, hooks: DaemonHooks = {}): Promise<RunningDaemon> {
  const dataDir = config.node.data_dir;
  await mkdir(join(dataDir, 'run'), { recursive: true, mode: 0o700 });
  const lock = await acquireDataLock(join(dataDir, 'blvm.pid'), dataDir);
  const cleanups: (() => Promise<void>)[] = [() => lock.release()];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => log.error('cleanup failed', { reason: String(e) }));
  };
  try {
    const store = await openStore(join(dataDir, 'blvm.sqlite'), storeOptions(config.store, log));
    cleanups.push(() => store.close());
    const registry = await PidRegistry.open(join(dataDir, 'run', 'pids.json'), log);
    cleanups.push(() => registry.close());
    const swept = await registry.sweepLeftovers();
    for (const k of swept.killed) log.warn('killed a leftover module process of a previous run', k);
    const ipc = new ModuleServer({
      socketPath: nodeSocketPath(dataDir),
      maxFrame: config.ipc.max_frame,
      afterBind: shareNodeSocket,
      pingInterval: config.supervision.ping_interval,
      requestTimeout: config.ipc.request_timeout,
      helloTimeout: config.ipc.hello_timeout,
      limits: {
        maxConnections: config.ipc.max_connections,
        maxPendingConnections: config.ipc.max_pending_connections,
        maxBufferedInput: config.ipc.max_buffered_input,
      },
      moduleLog: {
        bytesPerSecond: config.logs.module_log_bytes_per_second,
        linesPerSecond: config.logs.module_log_lines_per_second,
        maxMessage: config.logs.max_log_message,
      },
      log,
    });
    await ipc.listen();
    cleanups.push(() => ipc.close());
    const rollback = await JsonRollbackState.open(join(dataDir, 'trust', 'versions.json'));
    const runtime = await NodeRuntime.create({ config, log, store, ipc, registry, rollback });
    runtime.addStatusDecorator((status) => ({ ...status, log_dropped: ipc.logDrops(status.name) }));
    const control = new ControlServer({ socketPath: controlSocketPath(dataDir), maxFrame: config.ipc.max_frame, log });
    const api = new ApiRouter({ rateLimit: config.ipc.rate_limit });
    ipc.setRequestHandler(api.handle);
    const events = new EventHub((error) => log.error('node event listener failed', { reason: String(error) }));
    events.listen(lifecycleLog(log));
    const ctx: DaemonContext = { config, log, store, ipc, control, runtime, registry, api, events };
    const services: DaemonService[] = createDaemonServices();
    let stopping: Promise<void> | undefined;
    const shutdown = (reason: string): Promise<void> =>
      (stopping ??= (async () => {
        log.info('stopping the node', { reason });
        hooks.onStopping?.(reason);
        events.publish('NodeShutdown', { reason });
        await runtime.stop();
        await cleanup();
        log.info('node stopped');
      })());
    const audit = createAudit(log.child({ component: 'audit' }), events);
    registerControlMethods(control, runtime, (reason) => void shutdown(reason), audit);
    const reloader = new ConfigReloader(runtime, log);
    registerReloadMethod(control, reloader, audit);
    for (const service of services) {
      await service.start(ctx);
      cleanups.push(() => service.stop());
    }
    await control.listen();
    cleanups.push(() => control.close());
    runtime.start();
    const devKeys = developmentKeyWarning(config);
    if (devKeys !== undefined) log.warn(`DEVELOPMENT KEYS: ${devKeys}`, { network: config.node.network });
    log.info('node started', {
      network: config.node.network,
      data_dir: dataDir,
      modules: runtime.plannedNames().join(',') || '(none)',
    });
    return { runtime, done: runtime.finished.then(() => stopping ?? shutdown('node machine finished')), shutdown, reload: () => reloader.reload() };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
