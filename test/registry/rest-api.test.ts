// The REST API of `blvm registry serve` (issue 15), over real HTTP against an in-process server:
// shapes, pagination, errors, the artifact endpoint, and how the client checks answers.
import { createHash } from 'node:crypto';
import test from 'ava';
import { fetchVerifiedIndex } from '../../src/registry/fetch-index.js';
import { restModule, restSearch } from '../../src/registry/rest-client.js';
import { firstDifference } from '../../src/registry/rest-check.js';
import { scenario } from './helpers/scenario.js';

async function getJson(url: string): Promise<{ status: number; type: string | null; body: any }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

test('GET /v1/modules?q= pages through the matches and links the next page', async (t) => {
  const s = await scenario(t);
  await s.registry.publish(await s.build({ name: 'third', description: 'a third one' }));
  const first = await getJson(`${s.registry.url}v1/modules?q=&per_page=2`);
  t.is(first.status, 200);
  t.is(first.type, 'application/json');
  t.like(first.body, { api: 1, query: '', page: 1, per_page: 2, total: 3, pages: 2, next: 'v1/modules?q=&page=2&per_page=2' });
  t.deepEqual(first.body.modules.map((m: { name: string }) => m.name), ['app', 'base']);
  t.deepEqual(first.body.modules[0], { name: 'app', latest: '1.0.0', description: 'an app on base', versions: ['1.0.0'], price_sats: null });
  t.is(first.body.index.version, 3);
  t.regex(first.body.index.digest, /^[0-9a-f]{64}$/);
  const second = await getJson(new URL(first.body.next, s.registry.url).href);
  t.like(second.body, { page: 2, total: 3, next: null });
  t.deepEqual(second.body.modules.map((m: { name: string }) => m.name), ['third']);
  const filtered = await getJson(`${s.registry.url}v1/modules?q=THIRD`);
  t.like(filtered.body, { total: 1, per_page: 20, pages: 1 });
});

test('the REST API answers bad requests and unknown names with a JSON error naming them', async (t) => {
  const s = await scenario(t);
  const cases: [string, number, RegExp][] = [
    ['v1/modules?per_page=0', 400, /query parameter per_page="0": expected an integer from 1 to 100/],
    ['v1/modules?page=x', 400, /query parameter page="x"/],
    ['v1/modules?sort=name', 400, /unknown query parameter "sort"/],
    ['v1/modules?page=2', 404, /page 2 does not exist: the query has 1 page\(s\) of 20/],
    ['v1/modules/nope', 404, /no module named "nope" in this registry/],
    ['v1/modules/app/9.9.9', 404, /module app has no version "9\.9\.9" \(versions: 1\.0\.0\)/],
    ['v1/modules/app/1.0.0/other', 404, /no such API path/],
  ];
  for (const [path, status, message] of cases) {
    const answer = await getJson(s.registry.url + path);
    t.is(answer.status, status, path);
    t.is(answer.body.error.status, status, path);
    t.regex(answer.body.error.message, message, path);
  }
});

test('GET /v1/modules/<name>/<version> carries the manifest, maintainers and signatures, and its artifact link serves the indexed bytes', async (t) => {
  const s = await scenario(t);
  const module = await getJson(`${s.registry.url}v1/modules/base`);
  t.like(module.body, { name: 'base', latest: '1.0.0' });
  t.is(module.body.versions.length, 1);
  const view = (await getJson(`${s.registry.url}v1/modules/base/1.0.0`)).body;
  t.like(view, { name: 'base', version: '1.0.0', threshold: null });
  t.deepEqual(view.maintainers.map((m: { name: string; public_key: string }) => [m.name, m.public_key]), [
    ['alice', s.keys.alice.pub],
    ['bob', s.keys.bob.pub],
  ]);
  t.regex(view.maintainers[0].signature, /^[0-9a-f]{128}$/);
  t.is(view.manifest.signatures.length, 2);
  t.is(view.artifact.download, 'v1/modules/base/1.0.0/artifact');
  const res = await fetch(new URL(view.artifact.download, s.registry.url));
  const bytes = Buffer.from(await res.arrayBuffer());
  t.is(res.headers.get('x-blvm-sha256'), view.artifact.sha256);
  t.is(createHash('sha256').update(bytes).digest('hex'), view.artifact.sha256);
  t.is(bytes.length, view.artifact.size);
});

test('the client accepts answers equal to its verified index and names the first field that differs', async (t) => {
  const s = await scenario(t);
  const verified = await fetchVerifiedIndex(s.node.config);
  const warnings: string[] = [];
  const opts = { deadlineMs: 10_000, warn: (line: string) => void warnings.push(line) };
  t.deepEqual((await restSearch(verified, 'base', opts)).map((h) => h.name), ['app', 'base']);
  t.is((await restModule(verified, 'app', opts))?.latest.artifact.sha256, verified.index.signed.modules.app.versions['1.0.0'].sha256);
  t.is(await restModule(verified, 'nope', opts), undefined);
  t.deepEqual(warnings, []);
  t.is(firstDifference({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] }), '$.a[1].b: got "x", the signed index says "y"');
  t.is(firstDifference({ a: 1, extra: true }, { a: 1 }), '$.extra: got true, the signed index says nothing');
});
