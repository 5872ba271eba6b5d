// Slow and silent registry servers on 127.0.0.1: every request ends within the idle timeout
// and the overall [registry] deadline, with a message that says which (issue 13).
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { execa } from 'execa';
import { getBytes } from '../../src/registry/http-get.js';
import { BIN } from './helpers/cli-registry.js';
import { makeKeys, nodeDirs } from './helpers/world.js';

async function listen(t: ExecutionContext, server: Server): Promise<string> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Accepts connections and never answers. */
const silentServer = (t: ExecutionContext): Promise<string> => listen(t, createTcpServer(() => undefined));

/** Announces 1000 bytes and sends one every `everyMs`. */
function tricklingServer(t: ExecutionContext, everyMs: number): Promise<string> {
  const timers = new Set<NodeJS.Timeout>();
  t.teardown(() => timers.forEach((timer) => clearInterval(timer)));
  const server = createHttpServer((_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-length': 1000 });
    res.flushHeaders();
    const timer = setInterval(() => res.write('x'), everyMs);
    timers.add(timer);
    res.on('close', () => clearInterval(timer));
  });
  return listen(t, server);
}

test('a server that accepts and never answers fails with "no answer within N s", not ETIMEDOUT (issue 13)', async (t) => {
  const url = await silentServer(t);
  const error = await t.throwsAsync(getBytes(new URL('index.json', url), { maxBytes: 100, deadlineMs: 800 }));
  t.is(error?.message, `registry ${new URL(url).origin} sent no answer within 0.8 s (GET ${url}index.json)`);
  const idle = await t.throwsAsync(getBytes(new URL('index.json', url), { maxBytes: 100, timeoutMs: 500, deadlineMs: 60_000 }));
  t.is(idle?.message, `registry ${new URL(url).origin} sent no answer within 0.5 s (GET ${url}index.json)`);
});

test('a server trickling bytes under the idle timeout fails at the overall deadline, with the bytes received (issue 13)', async (t) => {
  const url = await tricklingServer(t, 200);
  const error = await t.throwsAsync(getBytes(new URL('a.tar.gz', url), { maxBytes: 10_000, timeoutMs: 30_000, deadlineMs: 1500 }));
  t.regex(error?.message ?? '', new RegExp(`^GET ${url}a\\.tar\\.gz: the download did not finish within 1\\.5 s \\(\\d+ of 1000 bytes received; \\[registry\\] deadline\\)$`));
});

test('a server that stops sending mid-body fails at the idle timeout, saying how much arrived', async (t) => {
  const url = await tricklingServer(t, 60_000);
  const error = await t.throwsAsync(getBytes(new URL('a.tar.gz', url), { maxBytes: 10_000, timeoutMs: 500, deadlineMs: 60_000 }));
  t.is(error?.message, `GET ${url}a.tar.gz: no data for 0.5 s after 0 of 1000 bytes`);
});

for (const [label, start, expected] of [
  ['never answers', silentServer, (url: string) => `registry ${new URL(url).origin} sent no answer within 1 s (GET ${url}index.json)`],
  ['trickles one byte every 300 ms', (t: ExecutionContext) => tricklingServer(t, 300), (url: string) => `GET ${url}index.json: the download did not finish within 1 s`],
] as const) {
  test(`blvm module search against a registry that ${label} ends at [registry] deadline (issue 13)`, async (t) => {
    const url = await start(t);
    const node = await nodeDirs(t, await makeKeys(t), url, 'deadline = "1s"\n');
    const result = await execa('node', [BIN, 'module', 'search', '', '--config', join(node.root, 'blvm.toml')], { reject: false, timeout: 30_000 });
    t.false(result.timedOut, 'the command hung');
    t.is(result.exitCode, 1);
    t.true(String(result.stderr).includes(expected(url)), String(result.stderr));
    t.notRegex(String(result.stderr), /ETIMEDOUT/);
  });
}
