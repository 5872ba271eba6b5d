// The verification cache of issue 15 with a real daemon: a restart does not verify the signatures
// of an unchanged module again, any change of the trusted keys or the policy does, and a cached
// verdict never lets changed bytes run.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { generatePrivateKey, publicKeyOf } from '../../src/trust/keys.js';
import { signModule } from '../../src/trust/sign-module.js';

const PROBE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'modules', 'probe.mjs');
const alice = generatePrivateKey();
const bob = generatePrivateKey();
const carol = generatePrivateKey();
const trusted = (keys: [string, string][]) => keys.map(([name, key]) => `{ name = "${name}", public_key = "${publicKeyOf(key)}" }`).join(', ');
const security = (threshold: string, keys: [string, string][]) =>
  `[security]\nrequire_signatures = true\nsignature_threshold = "${threshold}"\ntrusted_maintainers = [ ${trusted(keys)} ]\n`;
const ALICE_BOB = security('2-of-2', [['alice', alice], ['bob', bob]]);

const VERIFIED = /INFO {2}module verified module=base .*signatures=verified/;
const CACHED = /INFO {2}module verified module=base .*signatures="from the verification cache"/;

async function signedNode(t: ExecutionContext): Promise<{ node: IsolatedNode; dir: string }> {
  const node = await IsolatedNode.create({ start: false, security: ALICE_BOB });
  t.teardown(() => node.destroy());
  const dir = await node.addModule('base', `name = "base"\nversion = "1.0.0"\nentry_point = "main.js"\ndescription = "cache test"\nauthor = "blvm tests"\ncapabilities = []\n`, `import ${JSON.stringify(PROBE)};`);
  for (const [name, key] of [['alice', alice], ['bob', bob]] as const) await signModule(dir, key, { name });
  return { node, dir };
}

/** Starts the daemon, waits for base in `monitoring`, stops it; returns the daemon's log. */
async function runOnce(node: IsolatedNode): Promise<string> {
  await node.start();
  await node.waitForPhase('base', 'monitoring');
  const log = node.log();
  await node.stop();
  return log;
}

async function setSecurity(node: IsolatedNode, text: string): Promise<void> {
  const config = await readFile(node.configPath, 'utf8');
  await writeFile(node.configPath, config.replace(/\[security\][\s\S]*?(?=^\[supervision\])/m, text + '\n'));
}

test('a restart takes the signatures of an unchanged module from the verification cache (issue 15)', async (t) => {
  const { node } = await signedNode(t);
  const first = await runOnce(node);
  t.regex(first, VERIFIED);
  t.notRegex(first, CACHED);
  const entries = await readdir(join(node.dataDir, 'trust', 'signature-cache'));
  t.is(entries.length, 1);
  t.regex(entries[0], /^base\.[0-9a-f]{64}\.json$/);
  const second = await runOnce(node);
  t.regex(second, CACHED);
  t.notRegex(second, VERIFIED);
});

test('changing the trusted keys or the policy verifies the signatures again (issue 15)', async (t) => {
  const { node } = await signedNode(t);
  t.regex(await runOnce(node), VERIFIED);
  t.regex(await runOnce(node), CACHED);
  await setSecurity(node, security('2-of-3', [['alice', alice], ['bob', bob], ['carol', carol]]));
  t.regex(await runOnce(node), VERIFIED, 'a new trusted key');
  t.regex(await runOnce(node), CACHED);
  await setSecurity(node, security('2-of-3', [['alice', alice], ['bob', bob], ['carol', carol]]) + 'allow_downgrade = ["base"]\n');
  t.regex(await runOnce(node), VERIFIED, 'another [security] policy');
  await setSecurity(node, ALICE_BOB + 'signature_cache = false\n');
  const off = await runOnce(node);
  t.regex(off, VERIFIED, 'the cache switched off');
  t.regex(await runOnce(node), VERIFIED);
  t.is((await readdir(join(node.dataDir, 'trust', 'signature-cache'))).length, 1, 'one entry per module');
});

test('a cached verdict does not let a changed entry point run: its hashes are checked again (issue 15)', async (t) => {
  const { node, dir } = await signedNode(t);
  t.regex(await runOnce(node), VERIFIED);
  await writeFile(join(dir, 'main.js'), `#!/usr/bin/env node\nimport ${JSON.stringify(PROBE)};\nconsole.log("changed");\n`, { mode: 0o755 });
  await node.start();
  const rejected = await node.waitFor('base', (m) => m.phase === 'rejected');
  t.regex(JSON.stringify(rejected), /entry point main\.js: hash mismatch/);
  t.notRegex(node.log(), CACHED);
});
