import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createNodeMetrics } from '../../src/metrics/node-metrics.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const FAMILY = /\bblvm_(?!daemon_)[a-z_]+/g;
const SUFFIX = /_(bucket|sum|count)$/;

async function registered(): Promise<Set<string>> {
  const { registry } = createNodeMetrics();
  return new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
}

for (const doc of ['docs/metrics.md', 'docs/grafana-dashboard.json']) {
  test(`every metric ${doc} names is one the node exports`, async (t) => {
    const known = await registered();
    const named = new Set([...(await readFile(join(PACKAGE_ROOT, doc), 'utf8')).matchAll(FAMILY)].map((m) => m[0].replace(SUFFIX, '')));
    t.true(named.size > 5);
    for (const name of named) t.true(known.has(name), `${doc} names ${name}, which /metrics does not export`);
  });
}

test('the metrics page documents every family the node exports', async (t) => {
  const page = await readFile(join(PACKAGE_ROOT, 'docs/metrics.md'), 'utf8');
  for (const name of await registered()) if (name.startsWith('blvm_') && !name.startsWith('blvm_daemon_')) t.true(page.includes(`\`${name}\``), `${name} is not in docs/metrics.md`);
});
