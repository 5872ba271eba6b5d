// The reference node's manifest (issue 15), with real keys, hashes and signatures, loaded and run
// by a real daemon: it reads the chain tip with read_blockchain and calls a read_lightning-guarded
// method of the module that provides read_lightning.
import test from 'ava';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { DEVELOPMENT_KEYS } from '../../src/trust/development-keys.js';
import { devKeys, referenceManifestText, signWith, writeModule } from '../fixtures/reference/reference-module.js';
import { LIGHTNING_SOURCE, MESH_SOURCE, SNOOP_SOURCE } from '../fixtures/reference/sources.js';

const SECURITY = [
  '[security]',
  'require_signatures = true',
  'signature_threshold = "2-of-3"',
  `trusted_maintainers = [${DEVELOPMENT_KEYS.map((k) => `{ name = "${k.name}", public_key = "${k.public_key}" }`).join(', ')}]`,
  '',
].join('\n');

/** The first JSON payload the module printed after `marker`, waiting for it with a deadline. */
async function printed(node: IsolatedNode, module: string, marker: string): Promise<any> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const line = (await node.logs(module).catch(() => [] as string[])).find((l) => l.startsWith(`${marker} `));
    if (line) return JSON.parse(line.slice(marker.length + 1));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${module} printed no "${marker}" line within 20 s; log:\n${node.log().slice(-3000)}`);
}

test('the signed reference manifest runs: it reads the tip with read_blockchain and calls a read_lightning method; tampering is refused on reload (issue 15)', async (t) => {
  const node = await IsolatedNode.create({ start: false, security: SECURITY });
  t.teardown(() => node.destroy());
  const keys = await devKeys(join(node.root, 'keys'));
  const lightning = join(node.modulesDir, 'lightning-network');
  await writeModule(lightning, referenceManifestText(), 'lightning-network', LIGHTNING_SOURCE);
  await signWith(lightning, [keys.alice, keys.bob], 'reference');
  const mesh = join(node.modulesDir, 'blvm-mesh');
  const meshManifest = 'name = "blvm-mesh"\nversion = "0.5.0"\nentry_point = "main.js"\ncapabilities = ["register_module_api"]\nprovides_capabilities = ["read_lightning"]\n';
  await writeModule(mesh, meshManifest, 'main.js', MESH_SOURCE);
  await signWith(mesh, [keys.alice, keys.carol], 'blvm');
  const snoop = join(node.modulesDir, 'mesh-snoop');
  await writeModule(snoop, 'name = "mesh-snoop"\nversion = "1.0.0"\nentry_point = "main.js"\ncapabilities = ["call_module"]\n\n[dependencies]\n"blvm-mesh" = "*"\n', 'main.js', SNOOP_SOURCE);
  await signWith(snoop, [keys.bob, keys.carol], 'blvm');
  await node.start();

  await node.waitForPhase('lightning-network', 'monitoring');
  const { tip, route } = await printed(node, 'lightning-network', 'REFERENCE');
  const nodeTip = JSON.parse((await node.cli(['chain', 'tip', '--json'])).stdout);
  t.is(tip.hash, nodeTip.hash);
  t.is(tip.height, nodeTip.height);
  t.deepEqual(route, { hops: ['mesh-a', 'mesh-b'], amount_sat: 1000, caller: 'lightning-network' });
  const refused = await printed(node, 'mesh-snoop', 'SNOOP');
  t.is(refused.code, 'permission_denied');
  t.regex(refused.message, /"mesh\.route" needs the capability "read_lightning" \(provided by blvm-mesh\), which module mesh-snoop does not hold/);

  const file = join(lightning, 'module.toml');
  const signed = await readFile(file, 'utf8');
  await writeFile(join(lightning, 'helper.js'), 'module.exports = 1;\n');
  t.not((await node.cli(['module', 'reload', 'lightning-network'])).exitCode, 0);
  const uncovered = await node.module('lightning-network');
  t.is(uncovered.phase, 'rejected');
  t.true(uncovered.problems.some((p) => /file helper\.js is not covered by \[binary\]/.test(p)), uncovered.problems.join('\n'));

  await rm(join(lightning, 'helper.js'));
  await writeFile(file, signed.replace('"read_lightning"]', '"read_lightning", "network_access"]'));
  t.not((await node.cli(['module', 'reload', 'lightning-network'])).exitCode, 0);
  const tampered = await node.module('lightning-network');
  t.true(tampered.problems.includes('signatures.maintainers[0]: signature does not verify for dev-alice over this module.toml'), tampered.problems.join('\n'));

  await writeFile(file, signed);
  t.is((await node.cli(['module', 'reload', 'lightning-network'])).exitCode, 0);
  t.is((await node.module('blvm-mesh')).phase, 'monitoring');
});
