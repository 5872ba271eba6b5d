// The registry REST API and metadata cache of issue 15, with the real CLI against real servers
// on 127.0.0.1: `blvm registry serve` child processes and a tampering HTTP proxy in between.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { execa } from 'execa';
import { BIN, cliPublish, cliServeStoppable } from '../registry/helpers/cli-registry.js';
import { buildModule, makeKeys, nodeDirs, tempDir, type Keys, type NodeDirs } from '../registry/helpers/world.js';

interface World {
  keys: Keys;
  registryDir: string;
  server: { url: string; stop: () => Promise<void> };
}

/** base 1.0.0 and app 1.0.0 published and served by the CLI. */
async function world(t: ExecutionContext): Promise<World> {
  const keys = await makeKeys(t);
  const work = await tempDir(t, 'blvm-registry-api-');
  const registryDir = join(work, 'registry');
  const signers = [keys.alice, keys.bob];
  await cliPublish(t, await buildModule(work, { name: 'base', signers, description: 'probe base module' }), registryDir, keys.registry);
  await cliPublish(t, await buildModule(work, { name: 'app', requires: { base: '^1.0.0' }, signers, description: 'probe app module' }), registryDir, keys.registry);
  return { keys, registryDir, server: await cliServeStoppable(t, registryDir) };
}

async function blvm(node: NodeDirs, args: string[], config = 'blvm.toml'): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa('node', [BIN, ...args, '--config', join(node.root, config)], { reject: false, timeout: 60_000 });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

type Rewrite = (path: string, body: any) => any;

/** A real HTTP proxy to `upstream` that passes index.json and artifacts through and lets `rewrite` change /v1 answers. */
async function tamperingProxy(t: ExecutionContext, upstream: string, rewrite: () => Rewrite | 'no-api' | undefined): Promise<string> {
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    void (async () => {
      const mode = rewrite();
      if (path.startsWith('/v1/') && mode === 'no-api') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      const answer = await fetch(new URL(path.slice(1), upstream));
      let body = Buffer.from(await answer.arrayBuffer());
      if (path.startsWith('/v1/') && typeof mode === 'function') body = Buffer.from(JSON.stringify(mode(path, JSON.parse(body.toString('utf8')))));
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream', 'content-length': body.length }).end(body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const CACHE_LINE = /^from the metadata cache: index version 2 of http:\/\/127\.0\.0\.1:\d+\/ fetched \d+ s ago \(\d{4}-\d\d-\d\dT[^)]+\); /m;

test('with the registry server stopped, module search and info --remote answer from the metadata cache, saying how old it is (issue 15)', async (t) => {
  const w = await world(t);
  const node = await nodeDirs(t, w.keys, w.server.url, 'metadata_max_age = "0s"\n');
  const online = await blvm(node, ['module', 'search', 'probe', '--json']);
  t.is(online.exitCode, 0, online.stderr);
  t.like(JSON.parse(online.stdout), { source: 'registry', cache: null, index_version: 2 });
  t.is((await blvm(node, ['module', 'info', 'app', '--remote'])).exitCode, 0);

  await w.server.stop();
  const search = await blvm(node, ['module', 'search', 'probe']);
  t.is(search.exitCode, 0, search.stderr);
  t.regex(search.stdout, CACHE_LINE);
  t.regex(search.stdout, /; registry http:\/\/127\.0\.0\.1:\d+ is unreachable: connection refused \(GET http:\/\/127\.0\.0\.1:\d+\/index\.json\)$/m);
  t.regex(search.stdout, /^app\s+1\.0\.0\s+-\s+free\s+probe app module$/m);
  t.regex(search.stdout, /^base\s+1\.0\.0\s+-\s+free\s+probe base module$/m);
  const json = JSON.parse((await blvm(node, ['module', 'search', '', '--json'])).stdout);
  t.is(json.source, 'cache');
  t.true(Number.isInteger(json.cache.age_seconds) && json.cache.age_seconds >= 0, JSON.stringify(json.cache));
  t.deepEqual(json.modules.map((m: { name: string }) => m.name), ['app', 'base']);
  const info = await blvm(node, ['module', 'info', 'app', '--remote']);
  t.is(info.exitCode, 0, info.stderr);
  t.regex(info.stdout, CACHE_LINE);
  t.regex(info.stdout, /^ {2}requires: {5}base \^1\.0\.0$/m);

  const refresh = await blvm(node, ['module', 'search', 'probe', '--refresh']);
  t.is(refresh.exitCode, 1);
  t.regex(refresh.stderr, /registry http:\/\/127\.0\.0\.1:\d+ is unreachable: connection refused/);

  // Within metadata_max_age the cache answers without asking, and says why.
  await writeFile(join(node.root, 'fresh.toml'), (await readFile(join(node.root, 'blvm.toml'), 'utf8')).replace('metadata_max_age = "0s"', 'metadata_max_age = "1h"'));
  const fresh = await blvm(node, ['module', 'search', 'probe'], 'fresh.toml');
  t.is(fresh.exitCode, 0, fresh.stderr);
  t.regex(fresh.stdout, /; younger than \[registry\] metadata_max_age \(1h\); --refresh asks the registry$/m);
});

test('a cached index no longer signed by a trusted registry key is not used offline (issue 15)', async (t) => {
  const w = await world(t);
  const node = await nodeDirs(t, w.keys, w.server.url, 'metadata_max_age = "0s"\n');
  t.is((await blvm(node, ['module', 'search', '']).then((r) => r.exitCode)), 0);
  await w.server.stop();
  const config = join(node.root, 'blvm.toml');
  await writeFile(config, (await readFile(config, 'utf8')).replace(w.keys.registry.pub, w.keys.stranger.pub));
  const search = await blvm(node, ['module', 'search', '']);
  t.is(search.exitCode, 1, search.stdout);
  t.regex(search.stderr, /warning: the metadata cache is not usable: registry index http:\/\/127\.0\.0\.1:\d+\/index\.json \(cached in .*\): 0 of 1 required registry signatures valid: signatures\[0\]: untrusted key/);
  t.regex(search.stderr, /is unreachable: connection refused/);
  t.false(search.stdout.includes('probe'));
});

test('a REST answer tampered to disagree with the signed index is refused, naming the field (issue 15)', async (t) => {
  const w = await world(t);
  let rewrite: Rewrite | 'no-api' | undefined;
  const proxy = await tamperingProxy(t, w.server.url, () => rewrite);
  const node = await nodeDirs(t, w.keys, proxy, 'metadata_max_age = "0s"\n');

  rewrite = (path, body) => (path.startsWith('/v1/modules?') ? { ...body, modules: body.modules.map((m: any) => (m.name === 'app' ? { ...m, description: 'free coins' } : m)) } : body);
  const search = await blvm(node, ['module', 'search', 'probe']);
  t.is(search.exitCode, 1, search.stdout);
  t.regex(
    search.stderr,
    /registry REST answer GET http:\/\/127\.0\.0\.1:\d+\/v1\/modules\?q=probe&page=1&per_page=100 disagrees with the signed index \(version 2\): \$\.modules\[0\]\.description: got "free coins", the signed index says "probe app module"; refused/,
  );
  t.false(search.stdout.includes('free coins'));

  rewrite = (path, body) => (path === '/v1/modules/app/1.0.0' ? { ...body, artifact: { ...body.artifact, sha256: '0'.repeat(64) } } : body);
  const info = await blvm(node, ['module', 'info', 'app', '--remote']);
  t.is(info.exitCode, 1, info.stdout);
  t.regex(info.stderr, /GET http:\/\/127\.0\.0\.1:\d+\/v1\/modules\/app\/1\.0\.0 disagrees with the signed index \(version 2\): \$\.artifact\.sha256: got "0{64}", the signed index says "[0-9a-f]{64}"; refused/);

  rewrite = (path, body) => (path === '/v1/modules/app/1.0.0' ? { ...body, maintainers: body.maintainers.slice(0, 1) } : body);
  const dropped = await blvm(node, ['module', 'info', 'app', '--remote']);
  t.is(dropped.exitCode, 1, dropped.stdout);
  t.regex(dropped.stderr, /\$\.maintainers: got 1 entries, the signed index says 2; refused/);

  rewrite = undefined;
  const honest = await blvm(node, ['module', 'info', 'app', '--remote']);
  t.is(honest.exitCode, 0, honest.stderr);
  t.is(honest.stderr, '');

  rewrite = 'no-api';
  const plain = await blvm(node, ['module', 'search', 'probe']);
  t.is(plain.exitCode, 0, plain.stderr);
  t.regex(plain.stderr, /warning: registry http:\/\/127\.0\.0\.1:\d+\/ does not serve the REST API \(GET http:\/\/127\.0\.0\.1:\d+\/v1\/modules\?q=probe&page=1&per_page=100: 404\); answering from its signed index/);
  t.regex(plain.stdout, /^app\s+1\.0\.0/m);
});
