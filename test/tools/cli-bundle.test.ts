import test from 'ava';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/version.js';

// What `npm run build` wrote: esbuild's record of every chunk, its inputs and its imports.
interface Metafile {
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }>;
}

const BUNDLE_DIR = join(PACKAGE_ROOT, 'dist', 'cli');
const meta = (): Metafile => JSON.parse(readFileSync(join(BUNDLE_DIR, 'meta.json'), 'utf8')) as Metafile;
const chunkName = (output: string): string => output.split('/').at(-1) as string;

/** The chunks reachable from `first` through imports that `follow` accepts. */
function reachable(m: Metafile, first: string, follow: (kind: string) => boolean): string[] {
  const seen = new Set<string>();
  const queue = [first];
  while (queue.length > 0) {
    const output = queue.pop() as string;
    if (seen.has(output)) continue;
    seen.add(output);
    for (const i of m.outputs[output].imports) if (follow(i.kind) && m.outputs[i.path]) queue.push(i.path);
  }
  return [...seen];
}

/** The chunks `start` loads before any `import()` runs. */
function startChunks(m: Metafile): string[] {
  const start = Object.keys(m.outputs).find((o) => m.outputs[o].entryPoint === 'dist/src/cli/commands/start.js');
  if (start === undefined) throw new Error(`no chunk of dist/src/cli/commands/start.js among the ${Object.keys(m.outputs).length} outputs of dist/cli/meta.json`);
  return reachable(m, start, (kind) => kind === 'import-statement');
}

/** Every source file in the chunks `start` loads before any `import()` runs. */
function loadedAtStart(m: Metafile): string[] {
  return startChunks(m).flatMap((o) => Object.keys(m.outputs[o].inputs));
}

test('bin/blvm.js runs the bundle in dist/cli, which imports nothing of dist/src (issue 19)', (t) => {
  const bin = readFileSync(join(PACKAGE_ROOT, 'bin', 'blvm.js'), 'utf8');
  t.regex(bin, /new URL\('\.\.\/dist\/cli\/main\.js', import\.meta\.url\)/, 'bin/blvm.js loads dist/cli/main.js');
  const m = meta();
  const entry = Object.keys(m.outputs).find((o) => m.outputs[o].entryPoint === 'dist/src/cli/main.js');
  t.is(chunkName(entry ?? 'none'), 'main.js', 'dist/cli/main.js is built from the command line entry');
  const fromDist = Object.values(m.outputs).flatMap((o) => o.imports.filter((i) => i.path.includes('dist/src/')).map((i) => i.path));
  t.deepEqual(fromDist, [], 'no chunk imports a file of dist/src');
  const external = Object.values(m.outputs).flatMap((o) => o.imports.filter((i) => i.external && !i.path.startsWith('node:') && !builtinModules.includes(i.path)).map((i) => i.path));
  t.deepEqual([...new Set(external)].sort(), ['@viz-js/viz', 'classic-level', 'lmdb', 'sqlite3'], 'only native addons and viz are loaded from outside the bundle');
});

test('the daemon loads the wallet, the payer keys and module buy only on first use (issue 19)', (t) => {
  const inputs = loadedAtStart(meta());
  t.true(inputs.includes('dist/src/daemon/start-daemon.js'), `the start chunks hold the daemon: ${inputs.length} inputs`);
  t.true(inputs.includes('dist/src/wallet/wallet-service.js'), 'the wallet service registers its control methods at start');
  const lazy = ['dist/src/wallet/node-wallet.js', 'dist/src/wallet/wallet-send.js', 'dist/src/payment/node-payer.js', 'dist/src/payment/buy.js', 'dist/src/inspector/inspector-serve.js'];
  for (const file of lazy) t.false(inputs.includes(file), `${file} is not loaded at start`);
  const packages = inputs.filter((i) => /node_modules\/(@scure\/btc-signer|@scure\/bip39|micro-packed|prom-client)\//.test(i));
  t.deepEqual(packages, [], 'no wallet signing, mnemonic or metrics package is loaded at start');
});

/** Every chunk reachable from `entry`'s chunk, by static or dynamic import. */
function chunksFrom(m: Metafile, entry: string): string[] {
  const first = Object.keys(m.outputs).find((o) => Object.keys(m.outputs[o].inputs).includes(entry));
  if (first === undefined) throw new Error(`no chunk holds ${entry} among the ${Object.keys(m.outputs).length} outputs of dist/cli/meta.json`);
  return reachable(m, first, () => true);
}

test('the daemon loads the licence code, the metrics endpoint and node:http only on first use (issue 19, fifth pass)', (t) => {
  const m = meta();
  const inputs = loadedAtStart(m);
  const lazy = ['dist/src/payment/licences.js', 'dist/src/payment/bip47/derive.js', 'dist/src/payment/purchase.js', 'dist/src/inspector/http/http-server.js', 'dist/src/metrics/node-metrics.js'];
  for (const file of lazy) t.false(inputs.includes(file), `${file} is not loaded at start`);
  t.true(inputs.includes('dist/src/payment/payment-service.js'), 'the payments service registers its admission check at start');
  const packages = inputs.filter((i) => /node_modules\/(@scure\/bip32|@noble\/curves)\//.test(i));
  t.deepEqual(packages, [], 'no BIP32 or @noble/curves code is loaded at start');
  const builtins = new Set(startChunks(m).flatMap((o) => m.outputs[o].imports.filter((i) => i.external).map((i) => i.path)));
  t.false(builtins.has('node:http'), 'no start chunk imports node:http');
});

test('serving metrics loads prom-client file by file, without its push gateway, cluster aggregator or summary (issue 19, fifth pass)', (t) => {
  const m = meta();
  const chunks = chunksFrom(m, 'dist/src/metrics/node-metrics.js');
  const inputs = chunks.flatMap((o) => Object.keys(m.outputs[o].inputs));
  t.true(inputs.some((i) => i.endsWith('node_modules/prom-client/lib/registry.js')), `the metrics chunks hold prom-client's registry: ${inputs.length} inputs`);
  const unused = inputs.filter((i) => /prom-client\/(index|lib\/(pushgateway|cluster|summary|timeWindowQuantiles))\.js$|node_modules\/(tdigest|bintrees)\//.test(i));
  t.deepEqual(unused, [], 'no unused prom-client part is bundled with the metrics');
  const external = new Set(chunks.flatMap((o) => m.outputs[o].imports.filter((i) => i.external).map((i) => i.path)));
  for (const builtin of ['https', 'node:https', 'cluster', 'node:cluster', 'zlib', 'node:zlib']) t.false(external.has(builtin), `the metrics chunks do not import ${builtin}`);
});
