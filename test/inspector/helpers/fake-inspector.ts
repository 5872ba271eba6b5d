// An inspector server over a fake node runtime and store, for HTTP-level tests.
import type { ExecutionContext } from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlvmError } from '../../../src/errors.js';
import { renderModuleChart } from '../../../src/inspector/chart/render-chart.js';
import { stateLookup } from '../../../src/inspector/chart/transition-path.js';
import { DEFAULT_ASSET_DIRS } from '../../../src/inspector/http/static-assets.js';
import type { SseOptions } from '../../../src/inspector/http/sse-stream.js';
import { InspectorBackend, type InspectedRuntime } from '../../../src/inspector/inspector-backend.js';
import { startInspectorServer } from '../../../src/inspector/inspector-server.js';
import { LiveFeed } from '../../../src/inspector/live-feed.js';
import type { TransitionRecord } from '../../../src/store/index.js';
import type { ModuleDetails, ModuleStatus } from '../../../src/supervision/status-types.js';

export const TOKEN = 'test-token-0123456789';

export function fakeStatus(name: string, over: Partial<ModuleStatus> = {}): ModuleStatus {
  return {
    name,
    version: '1.0.0',
    phase: 'monitoring',
    state: 'monitoring.healthy',
    pid: 4242,
    restarts: 0,
    uptime_ms: 1000,
    last_exit: null,
    desired: 'enabled',
    critical: false,
    requires: [],
    optional: [],
    backoff_until: null,
    problems: [],
    quarantine: null,
    ...over,
  };
}

export interface FakeInspector {
  url: string;
  host: string;
  feed: LiveFeed;
  commands: string[];
  statuses: Map<string, ModuleStatus>;
  transitions: TransitionRecord[];
}

export interface FakeInspectorOptions {
  sse?: Partial<SseOptions>;
  /** Serve the built page scripts from dist/ (browser tests) instead of a stub. */
  builtPage?: boolean;
  statuses?: ModuleStatus[];
}

export async function startFakeInspector(t: ExecutionContext, opts: FakeInspectorOptions = {}): Promise<FakeInspector> {
  const statuses = new Map((opts.statuses ?? [fakeStatus('miner')]).map((s) => [s.name, s]));
  const transitions: TransitionRecord[] = [];
  const commands: string[] = [];
  const known = (name: string) => {
    const status = statuses.get(name);
    if (!status) throw new BlvmError('not_found', `no module named "${name}"`);
    return status;
  };
  const runtime: InspectedRuntime = {
    nodeStatus: () => ({
      node: { version: '0.1.0', network: 'regtest', pid: process.pid, uptime_ms: 5, data_dir: '/data', status: 'running', socket: '/data/sockets/node.sock' },
      store: { file: '/data/blvm.sqlite', state: 'ok', error: null, since: null, queued: 0, dropped: 0 },
      modules: [...statuses.values()],
    }),
    moduleStatus: known,
    moduleDetails: async (name) => ({ ...known(name), dir: `/modules/${name}`, last_exits: [], verification: null, log_tail: ['hello'] }) as ModuleDetails,
    command: async (name, command) => {
      const status = known(name);
      if (command === 'release' && status.phase !== 'quarantined') throw new BlvmError('conflict', `module ${name} is not quarantined (phase ${status.phase})`);
      commands.push(`${command} ${name}`);
      return { name, phase: 'monitoring', ok: true, message: `module ${name}: monitoring` };
    },
  };
  const store = {
    listTransitions: async (module: string, q: { limit?: number } = {}) => transitions.filter((r) => r.module === module).slice(-(q.limit ?? 1e9)),
  };
  const chart = await renderModuleChart();
  const feed = new LiveFeed();
  const scriptDir = await mkdtemp(join(tmpdir(), 'blvm-page-'));
  t.teardown(() => rm(scriptDir, { recursive: true, force: true }));
  await writeFile(join(scriptDir, 'main.js'), 'export {};\n');
  const server = await startInspectorServer({
    host: '127.0.0.1',
    port: 0,
    backend: new InspectorBackend(runtime, store, chart, stateLookup(chart.model), { run: feed.runId }),
    feed,
    token: TOKEN,
    sse: { heartbeatMs: 60_000, maxBufferedBytes: 1 << 20, retryMs: 1000, ...opts.sse },
    assets: opts.builtPage ? DEFAULT_ASSET_DIRS : { staticDir: DEFAULT_ASSET_DIRS.staticDir, scriptDir },
    onError: () => undefined,
  });
  t.teardown(() => server.close());
  return { url: server.url, host: `127.0.0.1:${server.port}`, feed, commands, statuses, transitions };
}
