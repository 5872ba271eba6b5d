// Daemon service of the sandbox: probes bubblewrap before any module starts, says loudly when
// the configured isolation cannot be had, and adds each module's limits and containment layers
// to its status.
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { prlimitAvailable } from '../process/spawn-command.js';
import { effectiveLimits } from '../supervision/effective-policy.js';
import { limitsView } from '../supervision/limits-view.js';
import { bwrapAvailability } from './bwrap-probe.js';
import { sandboxWarning } from './decide-sandbox.js';
import { describeLayers } from './sandbox-layers.js';

export function createSandboxService(): DaemonService {
  return {
    name: 'sandbox',
    async start(ctx: DaemonContext): Promise<void> {
      const { config, log, runtime } = ctx;
      const mode = config.sandbox.mode;
      const availability = await bwrapAvailability();
      const warning = sandboxWarning(mode, availability);
      if (warning) log.warn(`!!! ${warning}`);
      else if (mode === 'bwrap' && !availability.usable) {
        log.error(`[sandbox] mode = "bwrap" but ${availability.reason}: every module will be rejected`);
      } else log.info('module sandbox', { mode, bwrap: availability.usable ? availability.path : 'not used' });
      const prlimit = prlimitAvailable();
      runtime.addStatusDecorator((status) => {
        const limits = effectiveLimits(config, status.name);
        const spec = runtime.contextOf(status.name)?.spec ?? null;
        return { ...status, limits: limitsView(limits), sandbox: describeLayers({ mode, availability, user: config.sandbox.user, limits, prlimit, spec }) };
      });
    },
    async stop(): Promise<void> {},
  };
}
