// Daemon service of the resource monitor: samples every live module from the pid registry,
// sends limit breaches to the module machines and adds `resources` to every module status.
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { daemonTimerLateness } from '../metrics/timer-lateness.js';
import { effectiveLimits } from '../supervision/effective-policy.js';
import { DEFAULT_MONITOR_OPTIONS, Monitor, type MonitorOptions } from './monitor.js';
import { ResourceTrend } from './resource-trend.js';

const TREND_BUCKET_MS = 60_000;
const TREND_KEEP = 60;

export function createMonitorService(options: MonitorOptions = DEFAULT_MONITOR_OPTIONS): DaemonService {
  let monitor: Monitor | null = null;
  return {
    name: 'monitor',
    async start(ctx: DaemonContext): Promise<void> {
      const { config, runtime, registry } = ctx;
      const m = new Monitor(
        {
          entries: () => registry.entries(),
          limitsOf: (module) => effectiveLimits(config, module),
          isStandby: (module, instanceId) => runtime.standbyInstanceId(module) === instanceId,
          breach: (module, event) => runtime.moduleActor(module)?.send(event),
          log: ctx.log.child({ service: 'monitor' }),
          trend: new ResourceTrend(ctx.store, TREND_BUCKET_MS, TREND_KEEP),
          lateness: daemonTimerLateness,
        },
        options,
      );
      runtime.addStatusDecorator((status) => ({
        ...status,
        resources: status.pid === null ? null : m.resources(status.name),
        ...(status.standby ? { standby: { ...status.standby, resources: m.standbyResources(status.name) } } : {}),
      }));
      m.start();
      monitor = m;
    },
    async stop(): Promise<void> {
      await monitor?.stop();
      monitor = null;
    },
  };
}
