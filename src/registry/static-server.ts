// `blvm registry serve`: a read-only static file server over node:http for a registry
// directory, plus the REST API under /v1/ (rest-routes.ts). GET and HEAD only; no directory
// listings, no hidden files, nothing outside the directory (symlinks included).
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isInside } from '../manifest/paths.js';
import { answerApi } from './rest-routes.js';

export interface ServedRequest {
  method: string;
  path: string;
  status: number;
  bytes: number;
}

const TYPES: [string, string][] = [
  ['.json', 'application/json'],
  ['.tar.gz', 'application/gzip'],
];

/** The real file a URL path names inside `root`, or undefined (404) for anything else. */
export async function resolveServedFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const parts = decoded.split('/').filter((p) => p !== '');
  if (parts.some((p) => p.startsWith('.') || p.includes('\0') || p.includes('\\'))) return undefined;
  const candidate = join(root, ...parts);
  const real = await realpath(candidate).catch(() => undefined);
  if (real === undefined || !isInside(root, real)) return undefined;
  const info = await stat(real).catch(() => undefined);
  return info?.isFile() ? real : undefined;
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): number {
  const body = Buffer.from(text + '\n');
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length, ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
  return body.length;
}

function sendFile(res: ServerResponse, method: string, path: string, file: string, size: number, headers: Record<string, string> = {}): ServedRequest {
  const type = TYPES.find(([suffix]) => file.endsWith(suffix))?.[1] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': 'no-cache', ...headers });
  if (method === 'HEAD') {
    res.end();
    return { method, path, status: 200, bytes: 0 };
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return { method, path, status: 200, bytes: size };
}

async function handleApi(root: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<ServedRequest> {
  const method = req.method ?? 'GET';
  const answer = await answerApi(root, url.pathname, url.searchParams);
  if (answer.kind === 'json') {
    const body = Buffer.from(JSON.stringify(answer.body, null, 2) + '\n');
    res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': body.length, 'cache-control': 'no-cache' });
    res.end(method === 'HEAD' ? undefined : body);
    return { method, path: url.pathname, status: answer.status, bytes: body.length };
  }
  const file = await resolveServedFile(root, answer.path);
  if (file === undefined) return { method, path: url.pathname, status: 404, bytes: send(res, 404, `not found: ${answer.path} (listed in the index)`) };
  return sendFile(res, method, url.pathname, file, (await stat(file)).size, { 'x-blvm-sha256': answer.sha256 });
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<ServedRequest> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://registry.invalid');
  const path = url.pathname;
  if (method !== 'GET' && method !== 'HEAD') return { method, path, status: 405, bytes: send(res, 405, 'method not allowed: this registry is read-only', { allow: 'GET, HEAD' }) };
  if (path === '/v1' || path.startsWith('/v1/')) return handleApi(root, req, res, url);
  const file = await resolveServedFile(root, path);
  if (file === undefined) return { method, path, status: 404, bytes: send(res, 404, `not found: ${path}`) };
  return sendFile(res, method, path, file, (await stat(file)).size);
}

/** Serves `dir` on host:port (port 0 = any free port); resolves once listening. */
export async function serveRegistry(dir: string, host: string, port: number, onRequest?: (r: ServedRequest) => void): Promise<{ server: Server; url: string }> {
  const root = await realpath(dir);
  const server = createServer((req, res) => {
    handle(root, req, res)
      .then((served) => onRequest?.(served))
      .catch(() => {
        if (!res.headersSent) send(res, 500, 'internal error');
        else res.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shown}:${address.port}/` };
}
