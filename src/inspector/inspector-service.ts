// The inspector as a daemon service: answers `getinspectorinfo` and, when [inspector] is
// enabled, loads inspector-serve.ts (the chart, the page and the live feed) and serves it. A
// node with the inspector off never loads that code (it is several MiB of the daemon's memory).
import { runCleanups, type Cleanup } from '../daemon/cleanups.js';
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { errorText } from '../errors.js';
import { tokenFilePath } from './token-file.js';

/** What `blvm inspect` prints. */
export interface InspectorInfo {
  enabled: boolean;
  listening: boolean;
  url: string | null;
  listen: string;
  token_file: string;
  problem?: string;
}

export function createInspectorService(): DaemonService {
  const cleanups: Cleanup[] = [];
  let info: InspectorInfo | null = null;

  return {
    name: 'inspector',
    async start(ctx: DaemonContext) {
      const { enabled, listen } = ctx.config.inspector;
      const tokenFile = tokenFilePath(ctx.config.node.data_dir);
      info = { enabled, listening: false, url: null, listen, token_file: tokenFile };
      ctx.control.register('getinspectorinfo', async () => info);
      if (!enabled) return;
      const log = ctx.log.child({ component: 'inspector' });
      try {
        const { serve } = await import('./inspector-serve.js');
        await serve(ctx, log, listen, cleanups, (url) => (info = { ...info!, listening: true, url }));
      } catch (error) {
        info = { ...info, problem: errorText(error) };
        log.error('the inspector is not available; the node runs without it', { reason: errorText(error) });
        await runCleanups(cleanups);
      }
    },
    async stop() {
      await runCleanups(cleanups);
    },
  };
}

