import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { getBytes } from '../../src/registry/http-get.js';
import { serveRegistry } from '../../src/registry/static-server.js';
import { tempDir } from './helpers/world.js';

async function listen(t: ExecutionContext, server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function freePortUrl(t: ExecutionContext): Promise<string> {
  const server = createServer();
  const url = await listen(t, server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}

function raw(url: string, method: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a download the server breaks off is reported as truncated with the byte counts', async (t) => {
  const url = await listen(
    t,
    createServer((_req, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write(Buffer.alloc(100));
      setTimeout(() => res.destroy(), 20);
    }),
  );
  await t.throwsAsync(getBytes(new URL('a.tar.gz', url), { maxBytes: 10_000 }), { message: `truncated download: GET ${url}a.tar.gz broke off after 100 of 1000 bytes` });
});

test('a body shorter than the signed size is truncated; a longer one is refused', async (t) => {
  const url = await listen(t, createServer((_req, res) => res.end(Buffer.alloc(50))));
  await t.throwsAsync(getBytes(new URL('x', url), { maxBytes: 10_000, expectedSize: 80 }), { message: `truncated download: GET ${url}x ended after 50 of 80 bytes` });
  await t.throwsAsync(getBytes(new URL('x', url), { maxBytes: 10_000, expectedSize: 20 }), { message: /announces 50 bytes, more than the 20 expected/ });
});

test('an unreachable registry and a missing file are named with the URL', async (t) => {
  const dead = await freePortUrl(t);
  await t.throwsAsync(getBytes(new URL('index.json', dead), { maxBytes: 100 }), {
    message: `registry ${new URL(dead).origin} is unreachable: connection refused (GET ${dead}index.json)`,
  });
  const url = await listen(t, createServer((_req, res) => res.writeHead(404).end()));
  await t.throwsAsync(getBytes(new URL('index.json', url), { maxBytes: 100 }), { message: `GET ${url}index.json: 404 Not Found (the registry has no such file)` });
});

test('the registry server serves files read-only and nothing hidden or outside its directory', async (t) => {
  const root = await tempDir(t);
  const dir = join(root, 'reg');
  await mkdir(join(dir, 'modules'), { recursive: true });
  await writeFile(join(dir, 'index.json'), '{"ok":true}');
  await writeFile(join(dir, '.index.json.tmp'), 'partial');
  await writeFile(join(root, 'secret.txt'), 'secret');
  await symlink(join(root, 'secret.txt'), join(dir, 'modules', 'leak.txt'));
  const { server, url } = await serveRegistry(dir, '127.0.0.1', 0);
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  t.is((await getBytes(new URL('index.json', url), { maxBytes: 100 })).toString(), '{"ok":true}');
  for (const path of ['.index.json.tmp', 'modules/leak.txt', '%2e%2e/secret.txt', 'modules', 'missing.json']) {
    t.is((await raw(`${url}${path}`, 'GET')).status, 404, path);
  }
  t.is((await raw(`${url}index.json`, 'PUT')).status, 405);
  t.is((await raw(`${url}index.json`, 'HEAD')).status, 200);
});
