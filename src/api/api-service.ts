// The module API as a daemon service: node and module information, inter-module calls, CLI
// groups, metrics and logging. Whatever a module registered disappears with its connection.
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { CliRegistry } from './cli-registry.js';
import { registerCliMethods } from './cli-methods.js';
import { ExposedMethods } from './exposed-methods.js';
import { InvokeBroker } from './invoke-broker.js';
import { MetricsRegistry } from './metrics-registry.js';
import { registerModuleMethods } from './module-methods.js';
import { registerNodeMethods } from './node-methods.js';

export class ApiService implements DaemonService {
  readonly name = 'api';
  readonly exposed = new ExposedMethods();
  readonly cli = new CliRegistry();
  readonly metrics = new MetricsRegistry();
  private broker: InvokeBroker | undefined;
  private detach: (() => void) | undefined;

  async start(ctx: DaemonContext): Promise<void> {
    const log = ctx.log.child({ component: 'api' });
    const broker = new InvokeBroker(ctx.ipc);
    this.broker = broker;
    const onDisconnected = ({ instanceId }: { instanceId: string }): void => {
      this.exposed.forget(instanceId);
      this.cli.forget(instanceId);
      this.metrics.forget(instanceId);
    };
    ctx.ipc.on('disconnected', onDisconnected);
    this.detach = () => ctx.ipc.off('disconnected', onDisconnected);
    const requestTimeout = ctx.config.ipc.request_timeout;
    registerNodeMethods(ctx.api, {
      runtime: ctx.runtime,
      exposed: this.exposed,
      cli: this.cli,
      metrics: this.metrics,
      log,
      admitLog: (module, message, extraBytes) => ctx.ipc.admitLog(module, message, extraBytes),
      maxLogFields: ctx.config.logs.max_log_message,
    });
    registerModuleMethods(ctx.api, { runtime: ctx.runtime, exposed: this.exposed, broker, requestTimeout });
    registerCliMethods(ctx.api, ctx.control, this.cli, broker, requestTimeout);
  }

  async stop(): Promise<void> {
    this.detach?.();
    this.broker?.close('the node is stopping');
  }
}

export function createApiService(): ApiService {
  return new ApiService();
}
