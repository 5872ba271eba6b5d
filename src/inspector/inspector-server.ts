// The HTTP side of the inspector: the router behind the Host/Origin/token guard, listening on
// a loopback address. Used by the daemon service and by tests with a fake backend.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenHttp, type ListeningServer } from './http/http-server.js';
import { allowedHosts, RequestGuard } from './http/request-guard.js';
import { sendError } from './http/respond.js';
import { createRouter } from './http/router.js';
import { DEFAULT_SSE_OPTIONS, type SseOptions } from './http/sse-stream.js';
import type { AssetDirs } from './http/static-assets.js';
import type { InspectorBackend } from './inspector-backend.js';
import type { LiveFeed } from './live-feed.js';

export interface InspectorServerOptions {
  host: string;
  port: number;
  backend: InspectorBackend;
  feed: LiveFeed;
  token: string;
  sse?: SseOptions;
  assets?: AssetDirs;
  onError: (error: unknown, path: string) => void;
}

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export async function startInspectorServer(opts: InspectorServerOptions): Promise<ListeningServer> {
  // The Host check needs the real port, known only once listening (the config may say port 0).
  let handle: RequestHandler = (_req, res) => sendError(res, 503, 'the inspector is starting');
  const server = await listenHttp(opts.host, opts.port, (req, res) => handle(req, res));
  handle = createRouter({
    backend: opts.backend,
    feed: opts.feed,
    guard: new RequestGuard(allowedHosts(opts.host, server.port), opts.token),
    sse: opts.sse ?? DEFAULT_SSE_OPTIONS,
    ...(opts.assets ? { assets: opts.assets } : {}),
    onError: opts.onError,
  });
  return server;
}
