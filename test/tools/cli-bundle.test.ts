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

/** Every source file in the chunks `start` loads before any `import()` runs. */
function loadedAtStart(m: Metafile): string[] {
  const start = Object.keys(m.outputs).find((o) => m.outputs[o].entryPoint === 'dist/src/cli/commands/start.js');
  if (start === undefined) throw new Error(`no chunk of dist/src/cli/commands/start.js among the ${Object.keys(m.outputs).length} outputs of dist/cli/meta.json`);
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const output = queue.pop() as string;
    if (seen.has(output)) continue;
    seen.add(output);
    for (const i of m.outputs[output].imports) if (i.kind === 'import-statement' && m.outputs[i.path]) queue.push(i.path);
  }
  return [...seen].flatMap((o) => Object.keys(m.outputs[o].inputs));
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
