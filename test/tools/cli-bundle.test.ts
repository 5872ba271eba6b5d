import test from 'ava';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { execa } from 'execa';
import { PACKAGE_ROOT } from '../../src/version.js';

// What `npm run build` wrote: esbuild's record of the bundle and of every source file in it, with how each imports the others.
interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
  outputs: Record<string, { entryPoint?: string; imports: { path: string; kind: string; external?: boolean }[] }>;
}

const BUNDLE_DIR = join(PACKAGE_ROOT, 'dist', 'cli');
const meta = (): Metafile => JSON.parse(readFileSync(join(BUNDLE_DIR, 'meta.json'), 'utf8')) as Metafile;

/** The source files reachable from `first` through imports that `follow` accepts. */
function reachable(m: Metafile, first: string, follow: (kind: string) => boolean): string[] {
  if (!m.inputs[first]) throw new Error(`${first} is not among the ${Object.keys(m.inputs).length} inputs of dist/cli/meta.json`);
  const seen = new Set<string>();
  const queue = [first];
  while (queue.length > 0) {
    const input = queue.pop() as string;
    if (seen.has(input)) continue;
    seen.add(input);
    for (const i of m.inputs[input].imports) if (!i.external && follow(i.kind) && m.inputs[i.path]) queue.push(i.path);
  }
  return [...seen];
}

// Code reached only through `import()` stays in the bundle but runs when first imported.
const runsAtLoad = (kind: string): boolean => kind === 'import-statement' || kind === 'require-call';

/** Every source file `blvm start` runs before any `import()`: the command line's and the start command's. */
function loadedAtStart(m: Metafile): string[] {
  return [...new Set([...reachable(m, 'dist/src/cli/main.js', runsAtLoad), ...reachable(m, 'dist/src/cli/commands/start.js', runsAtLoad)])];
}

/** The packages and built-in modules that `files` load from outside the bundle. */
const externals = (m: Metafile, files: string[]): Set<string> => new Set(files.flatMap((f) => m.inputs[f].imports.filter((i) => i.external).map((i) => i.path)));

test('bin/blvm.js runs the one CommonJS bundle in dist/cli, which imports nothing of dist/src (issue 19)', (t) => {
  const bin = readFileSync(join(PACKAGE_ROOT, 'bin', 'blvm.js'), 'utf8');
  t.regex(bin, /join\(__dirname, '\.\.', 'dist', 'cli', 'main\.cjs'\)/, 'bin/blvm.js loads dist/cli/main.cjs');
  t.is(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'bin', 'package.json'), 'utf8')).type, 'commonjs', 'bin/blvm.js is CommonJS');
  const m = meta();
  const bundles = Object.keys(m.outputs).filter((o) => o.endsWith('.cjs'));
  t.deepEqual(bundles, ['dist/cli/main.cjs']);
  t.is(m.outputs['dist/cli/main.cjs'].entryPoint, 'dist/src/cli/main.js', 'built from the command line entry');
  const imports = m.outputs['dist/cli/main.cjs'].imports;
  t.deepEqual(imports.filter((i) => i.path.includes('dist/src/')), [], 'the bundle loads no file of dist/src');
  t.deepEqual(imports.filter((i) => i.kind === 'dynamic-import'), [], 'no import() is left: Node never starts its ES module loader');
  const external = imports.filter((i) => i.external && !i.path.startsWith('node:') && !builtinModules.includes(i.path)).map((i) => i.path);
  t.deepEqual([...new Set(external)].sort(), ['@viz-js/viz', 'classic-level', 'lmdb', 'sqlite3'], 'only native addons and viz are loaded from outside the bundle');
});

test("the command line runs without Node's ES module loader (issue 19)", async (t) => {
  const preload = join(PACKAGE_ROOT, 'test', 'tools', 'fixtures', 'report-esm-loader.cjs');
  const { stderr, exitCode } = await execa(process.execPath, ['--require', preload, join(PACKAGE_ROOT, 'bin', 'blvm.js'), '--help'], { reject: false });
  t.is(exitCode, 0);
  t.regex(stderr, /^esm loader: no$/m, 'internal/modules/esm/loader was never loaded');
});

test('the daemon loads the wallet, the payer keys and module buy only on first use (issue 19)', (t) => {
  const inputs = loadedAtStart(meta());
  t.true(inputs.includes('dist/src/daemon/start-daemon.js'), `the start code holds the daemon: ${inputs.length} inputs`);
  t.true(inputs.includes('dist/src/wallet/wallet-service.js'), 'the wallet service registers its control methods at start');
  const lazy = ['dist/src/wallet/node-wallet.js', 'dist/src/wallet/wallet-send.js', 'dist/src/payment/node-payer.js', 'dist/src/payment/buy.js', 'dist/src/inspector/inspector-serve.js'];
  for (const file of lazy) t.false(inputs.includes(file), `${file} is not loaded at start`);
  const packages = inputs.filter((i) => /node_modules\/(@scure\/btc-signer|@scure\/bip39|micro-packed|prom-client)\//.test(i));
  t.deepEqual(packages, [], 'no wallet signing, mnemonic or metrics package is loaded at start');
});

test('the daemon loads the licence code, the metrics endpoint and node:http only on first use (issue 19, fifth pass)', (t) => {
  const m = meta();
  const inputs = loadedAtStart(m);
  const lazy = ['dist/src/payment/licences.js', 'dist/src/payment/bip47/derive.js', 'dist/src/payment/purchase.js', 'dist/src/inspector/http/http-server.js', 'dist/src/metrics/node-metrics.js'];
  for (const file of lazy) t.false(inputs.includes(file), `${file} is not loaded at start`);
  t.true(inputs.includes('dist/src/payment/payment-service.js'), 'the payments service registers its admission check at start');
  const packages = inputs.filter((i) => /node_modules\/(@scure\/bip32|@noble\/curves)\//.test(i));
  t.deepEqual(packages, [], 'no BIP32 or @noble/curves code is loaded at start');
  const builtins = externals(m, inputs);
  t.false(builtins.has('node:http') || builtins.has('http'), 'nothing run at start imports node:http');
});

test('serving metrics loads prom-client file by file, without its push gateway, cluster aggregator or summary (issue 19, fifth pass)', (t) => {
  const m = meta();
  const inputs = reachable(m, 'dist/src/metrics/node-metrics.js', () => true);
  t.true(inputs.some((i) => i.endsWith('node_modules/prom-client/lib/registry.js')), `the metrics code holds prom-client's registry: ${inputs.length} inputs`);
  const unused = inputs.filter((i) => /prom-client\/(index|lib\/(pushgateway|cluster|summary|timeWindowQuantiles))\.js$|node_modules\/(tdigest|bintrees)\//.test(i));
  t.deepEqual(unused, [], 'no unused prom-client part is bundled with the metrics');
  t.false(inputs.some((i) => i.endsWith('prom-client/lib/metrics/eventLoopLag.js')), 'no event-loop probe timer: the lag gauges read the monitor timer (issue 19, eighth pass)');
  const external = externals(m, inputs);
  for (const builtin of ['https', 'node:https', 'cluster', 'node:cluster', 'zlib', 'node:zlib']) t.false(external.has(builtin), `the metrics code does not import ${builtin}`);
});
