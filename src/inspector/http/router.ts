// Maps inspector requests to answers. GET endpoints only read; the few POST endpoints act and
// pass the mutation guard first.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBlvmError, errorText } from '../../errors.js';
import type { InspectorBackend } from '../inspector-backend.js';
import type { LiveFeed } from '../live-feed.js';
import { INSPECTOR_ACTIONS, type InspectorAction } from '../page/protocol.js';
import type { RequestGuard } from './request-guard.js';
import { send, sendError, sendJson } from './respond.js';
import { attachEventStream } from './sse-route.js';
import type { SseOptions } from './sse-stream.js';
import { loadAsset, type AssetDirs } from './static-assets.js';

export interface RouterDeps {
  backend: InspectorBackend;
  feed: LiveFeed;
  guard: RequestGuard;
  sse: SseOptions;
  assets?: AssetDirs;
  /** Called when a request handler fails unexpectedly. */
  onError: (error: unknown, path: string) => void;
}

const MODULE_PATH = /^\/api\/modules\/([A-Za-z0-9._-]+)(?:\/([a-z]+))?$/;

export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://inspector.invalid');
    route(deps, req, res, url).catch((error) => {
      deps.onError(error, url.pathname);
      sendError(res, statusOf(error), errorText(error));
    });
  };
}

async function route(deps: RouterDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  const refused = deps.guard.checkRead(req, path);
  if (refused) return sendError(res, refused.status, refused.message);
  if (req.method === 'POST') return routePost(deps, req, res, path);
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, `${req.method} is not allowed (GET, HEAD or POST)`);
  if (path === '/api/events' && req.method === 'GET') return attachEventStream(deps.feed, deps.backend, req, res, deps.sse);
  if (path === '/api/overview') return sendJson(res, 200, await deps.backend.overview());
  if (path === '/api/governance') return sendJson(res, 200, await deps.backend.governanceView());
  if (path === '/api/chart.svg') return send(res, 200, 'image/svg+xml', deps.backend.svg, 'no-cache');
  if (path === '/api/chart.json') return sendJson(res, 200, deps.backend.chartDescription());
  const match = MODULE_PATH.exec(path);
  if (match && match[2] === undefined) return sendJson(res, 200, await deps.backend.moduleDetail(match[1]));
  if (match && match[2] === 'history') return sendJson(res, 200, await deps.backend.history(match[1], limitParam(url)));
  if (match && isAction(match[2])) return sendError(res, 405, `${match[2]} is an action: use POST with the actions token`);
  const asset = await loadAsset(path, deps.assets);
  if (asset) return send(res, 200, asset.type, asset.body, 'no-cache');
  sendError(res, 404, `nothing at ${path}`);
}

async function routePost(deps: RouterDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const refused = deps.guard.checkMutation(req);
  if (refused) return sendError(res, refused.status, refused.message);
  req.resume();
  if (path === '/api/token-check') return sendJson(res, 200, { ok: true });
  const match = MODULE_PATH.exec(path);
  if (!match || !isAction(match[2])) return sendError(res, 404, `no action at ${path} (actions: ${INSPECTOR_ACTIONS.join(', ')})`);
  sendJson(res, 200, await deps.backend.act(match[1], match[2], clientOf(req)));
}

/** "127.0.0.1:53422 (Firefox …)": where an action came from, for the audit line. */
function clientOf(req: IncomingMessage): string {
  const address = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
  const agent = req.headers['user-agent'];
  return agent ? `${address} (${agent.slice(0, 80)})` : address;
}

function isAction(value: string | undefined): value is InspectorAction {
  return (INSPECTOR_ACTIONS as readonly string[]).includes(value ?? '');
}

function limitParam(url: URL): number {
  const raw = url.searchParams.get('limit');
  const limit = raw === null ? 1000 : Number(raw);
  return Number.isFinite(limit) && limit > 0 ? limit : 1000;
}

function statusOf(error: unknown): number {
  if (!isBlvmError(error)) return 500;
  if (error.code === 'not_found') return 404;
  if (error.code === 'conflict') return 409;
  if (error.code === 'usage') return 400;
  return 500;
}
