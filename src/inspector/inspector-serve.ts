// What the inspector service loads when [inspector] is enabled: renders the module statechart
// once, serves the page, the JSON endpoints and the live SSE feed on [inspector] listen.
import { parseListen } from '../config/listen.js';
import type { Cleanup } from '../daemon/cleanups.js';
import type { DaemonContext } from '../daemon/services.js';
import { errorText } from '../errors.js';
import { readGovernanceView } from '../governance/governance-view.js';
import { renderModuleChart } from './chart/render-chart.js';
import { stateLookup } from './chart/transition-path.js';
import { InspectorBackend } from './inspector-backend.js';
import { startInspectorServer } from './inspector-server.js';
import { nodeEventEntry } from './inspection-adapter.js';
import { LiveFeed } from './live-feed.js';
import { isRedundantEvent } from './words/event-words.js';
import { createAudit } from '../daemon/audit.js';
import { SSE_LOG, SSE_OVERVIEW, SSE_TRANSITION } from './page/protocol.js';
import { removeTokenFile, writeTokenFile } from './token-file.js';

const TICK_MS = 2000;

export async function serve(
  ctx: DaemonContext,
  log: DaemonContext['log'],
  listen: string,
  cleanups: Cleanup[],
  onListening: (url: string) => void,
): Promise<void> {
  const address = parseListen(listen);
  const chart = await renderModuleChart();
  const lookup = stateLookup(chart.model);
  const feed = new LiveFeed();
  const backend = new InspectorBackend(ctx.runtime, ctx.store, chart, lookup, { run: feed.runId, audit: createAudit(ctx.log.child({ component: 'audit' }), ctx.events) });
  backend.governanceView = () => readGovernanceView(ctx.config.node.data_dir);
  const { token, file } = await writeTokenFile(ctx.config.node.data_dir);
  cleanups.push(() => removeTokenFile(file));
  cleanups.push(
    ctx.runtime.recorder.onTransition((change) => {
      try {
        feed.publish(SSE_TRANSITION, backend.liveTransition(change), true);
      } catch (error) {
        log.error('publishing a transition to the inspector failed', { module: change.module, reason: errorText(error) });
      }
    }),
  );
  cleanups.push(
    ctx.events.listen((type, payload) => {
      if (isRedundantEvent(type)) return;
      const entry = nodeEventEntry(type, payload, Date.now());
      feed.publish(SSE_LOG, entry, true, entry.stream);
    }),
  );
  const tick = setInterval(() => void broadcast(backend, feed, log), TICK_MS);
  tick.unref();
  cleanups.push(() => clearInterval(tick));
  const server = await startInspectorServer({
    host: address.host,
    port: address.port,
    backend,
    feed,
    token,
    onError: (error, path) => log.warn('inspector request failed', { path, reason: errorText(error) }),
  });
  cleanups.push(() => server.close());
  onListening(server.url);
  log.info(`inspector at ${server.url}`, { token_file: file });
  log.info(`inspector actions: open ${server.url}#token=${token}`);
}

// The overview (uptimes, resource samples) goes out every tick while some page is connected.
async function broadcast(backend: InspectorBackend, feed: LiveFeed, log: DaemonContext['log']): Promise<void> {
  try {
    if (feed.subscriberCount > 0) feed.publish(SSE_OVERVIEW, await backend.overview(), false);
  } catch (error) {
    log.warn('inspector overview failed', { reason: errorText(error) });
  }
}

