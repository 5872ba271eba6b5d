// The committed development keys: refused on mainnet/testnet unless explicitly allowed,
// warned about on regtest at every start and in `blvm status` (issue 13).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { DEVELOPMENT_KEYS } from '../../src/trust/development-keys.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const trustingDevKeys = [
  '[security]',
  'require_signatures = false',
  `trusted_maintainers = [ ${DEVELOPMENT_KEYS.map((k) => `{ name = "${k.name}", public_key = "${k.public_key}" }`).join(', ')} ]`,
  '',
].join('\n');

async function nodeOn(t: ExecutionContext, network: string, extraSecurity = ''): Promise<IsolatedNode> {
  const node = await IsolatedNode.create({ start: false, security: trustingDevKeys + extraSecurity });
  t.teardown(() => node.destroy());
  const config = await readFile(node.configPath, 'utf8');
  await writeFile(node.configPath, config.replace('[node]\n', `[node]\nnetwork = "${network}"\n`));
  return node;
}

test('the development keys listed in the source are the public halves of the committed key files', async (t) => {
  const { publicKeyOf } = await import('../../src/trust/keys.js');
  for (const key of DEVELOPMENT_KEYS) {
    const priv = (await readFile(join(PACKAGE_ROOT, 'test', 'fixtures', 'keys', `${key.name}.key`), 'utf8')).trim();
    t.is(publicKeyOf(priv), key.public_key, key.name);
  }
});

for (const network of ['mainnet', 'testnet']) {
  test(`a ${network} node trusting the development keys refuses to start, verify or plan, naming the keys and the opt-in (issue 13)`, async (t) => {
    const node = await nodeOn(t, network);
    await node.addModule('hello', 'name = "hello"\nversion = "1.0.0"\nentry_point = "main.js"\n', 'process.exit(0);');
    for (const args of [['start'], ['module', 'verify', join(node.modulesDir, 'hello')], ['module', 'plan']]) {
      const result = await node.cli(args);
      t.is(result.exitCode, 1, `blvm ${args.join(' ')}: ${result.stdout}`);
      t.regex(result.stderr, new RegExp(`\\[security\\]\\.trusted_maintainers: trusts the published development key\\(s\\) dev-alice \\(032efe4bb51a…\\), dev-bob \\(020ed45f342b…\\), dev-carol \\(033c89bfda24…\\) on ${network}`));
      t.regex(result.stderr, /allow_development_keys = true/);
    }
    t.false(node.log().includes('node started'));
  });
}

test('with allow_development_keys = true a mainnet node starts, and warns in its log and in blvm status (issue 13)', async (t) => {
  const node = await nodeOn(t, 'mainnet', 'allow_development_keys = true\n');
  await node.start();
  t.regex(node.log(), /DEVELOPMENT KEYS: this node trusts the published development key\(s\) dev-alice, dev-bob, dev-carol/);
  const status = await node.cli(['status']);
  t.is(status.exitCode, 0, status.stderr);
  t.regex(status.stdout, /^WARNING: this node trusts the published development key\(s\) dev-alice, dev-bob, dev-carol: anyone can sign modules it loads/);
});

test('a regtest node trusting the development keys warns at every start and in blvm status text and JSON (issue 13)', async (t) => {
  const node = await nodeOn(t, 'regtest');
  await node.start();
  t.regex(node.log(), /DEVELOPMENT KEYS: .*dev-alice, dev-bob, dev-carol/);
  const text = await node.cli(['status']);
  t.regex(text.stdout, /^WARNING: this node trusts the published development key\(s\) dev-alice, dev-bob, dev-carol/);
  const json = JSON.parse((await node.cli(['status', '--json'])).stdout);
  t.deepEqual(json.node.development_keys, ['dev-alice', 'dev-bob', 'dev-carol']);
  await node.stop();
  await node.start();
  t.regex(node.log(), /DEVELOPMENT KEYS: .*dev-alice, dev-bob, dev-carol/, 'the warning comes again with the next start');
});

test('a regtest node trusting only its own keys shows no development key warning', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  t.false(node.log().includes('DEVELOPMENT KEYS'));
  t.false((await node.cli(['status'])).stdout.includes('development key'));
  t.deepEqual(JSON.parse((await node.cli(['status', '--json'])).stdout).node.development_keys, []);
});
