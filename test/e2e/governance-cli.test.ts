// The operator and maintainer commands end to end (issue 16): `blvm governance serve` as a
// real process, maintainers signing with `propose` and `close`, the node operator listing,
// voting and reading results through the daemon.
import test from 'ava';
import { execa } from 'execa';
import { copyFile, chmod, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { waitUntil } from '../../src/testing/wait.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { TRUST, iso, proposal } from '../governance/helpers.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'blvm.js');

function trustToml(url = ''): string {
  const keys = TRUST.trusted.map((k) => `{ name = "${k.name}", public_key = "${k.public_key}" }`).join(', ');
  return `[governance]\nurl = "${url}"\nthreshold = "2-of-3"\ntrusted_maintainers = [${keys}]\npoll_interval = "200ms"\n`;
}

test('maintainers publish and close proposals with blvm governance, and the operator lists, votes and reads results (issue 16)', async (t) => {
  const node = await IsolatedNode.create({ start: false });
  t.teardown(() => node.destroy());
  const keys: Record<string, string> = {};
  for (const name of ['alice', 'bob', 'carol']) {
    keys[name] = join(node.root, `${name}.key`);
    await copyFile(join(PACKAGE_ROOT, 'test', 'fixtures', 'keys', `dev-${name}.key`), keys[name]);
    await chmod(keys[name], 0o600);
  }
  const serverConfig = join(node.root, 'server.toml');
  await writeFile(serverConfig, trustToml());
  const server = execa('node', [BIN, 'governance', 'serve', join(node.root, 'gov'), '--listen', '127.0.0.1:0', '--config', serverConfig], { reject: false, cwd: node.root });
  t.teardown(async () => {
    server.kill('SIGTERM');
    await server;
  });
  let out = '';
  server.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const url = await waitUntil(() => /at (http:\/\/\S+)/.exec(out)?.[1], { message: () => `blvm governance serve to print its URL (output: ${out})` });
  const voterConfig = '\n[modules.governance-voter]\napprove = ["event-journal"]\n';
  await writeFile(node.configPath, `${await readFile(node.configPath, 'utf8')}\n${trustToml(url)}voters = ["governance-voter"]\n${voterConfig}`);
  await symlink(join(PACKAGE_ROOT, 'modules', 'governance-voter'), join(node.modulesDir, 'governance-voter'));
  const maintainer = (args: string[]) => execa('node', [BIN, 'governance', ...args, '--url', url, '--config', serverConfig], { reject: false, cwd: node.root });

  const openFile = join(node.root, 'open.json');
  const { signatures: _none, ...unsigned } = proposal({ id: 'open-one' });
  await writeFile(openFile, JSON.stringify(unsigned));
  const first = await maintainer(['propose', openFile, '--key', keys.alice, '--name', 'dev-alice']);
  t.is(first.exitCode, 0, first.stderr);
  t.regex(first.stdout, /1 of 2 trusted maintainer signatures \(dev-alice\); pass the file to the next maintainer/);
  const second = await maintainer(['propose', openFile, '--key', keys.bob]);
  t.regex(second.stdout, /published proposal open-one signed by dev-alice, dev-bob/, second.stderr);

  const pastFile = join(node.root, 'past.json');
  const { signatures: _also, ...past } = proposal({ id: 'past-one', opens_at: iso(Date.now() - 7_200_000), closes_at: iso(Date.now() - 3_600_000), quorum: 0 });
  await writeFile(pastFile, JSON.stringify(past));
  await maintainer(['propose', pastFile, '--key', keys.alice]);
  t.regex((await maintainer(['propose', pastFile, '--key', keys.carol])).stdout, /published proposal past-one/);
  t.regex((await maintainer(['close', 'past-one', '--key', keys.alice])).stdout, /past-one: failed \(yes 0, no 0, abstain 0; 0 vote\(s\) counted, quorum 0\)\nresult not final yet: signed by dev-alice; 2 signatures required/);
  const early = await maintainer(['close', 'open-one', '--key', keys.alice]);
  t.is(early.exitCode, 1);
  t.regex(early.stderr, /proposal open-one is open until/);

  await node.start();
  const listed = await waitUntil(async () => {
    const r = await node.cli(['governance', 'list']);
    return /open-one/.test(r.stdout) && /past-one/.test(r.stdout) ? r.stdout : undefined;
  }, { message: 'both proposals in blvm governance list' });
  t.regex(listed, /open-one\s+open\s+module-approval/);
  t.regex(listed, /past-one\s+closed/);
  const decided = await waitUntil(async () => {
    const r = await node.cli(['governance-voter', 'votes']);
    return /open-one/.test(r.stdout) ? r.stdout : undefined;
  }, { message: 'the bundled governance-voter module to vote on open-one' });
  t.regex(decided, /^open-one: yes \(delivered\) because event-journal is in approve\s*$/);
  const voted = await node.cli(['governance', 'vote', 'open-one', 'yes', '--rationale', 'operator agrees']);
  t.regex(voted.stdout, /voted yes on open-one: delivered/, voted.stderr);
  const bad = await node.cli(['governance', 'vote', 'open-one', 'maybe']);
  t.is(bad.exitCode, 2);
  t.regex(bad.stderr, /choice "maybe" is not one of yes, no, abstain/);
  const shown = (await node.cli(['governance', 'show', 'open-one'])).stdout;
  t.regex(shown, /this node voted yes at .* via operator: delivered/);
  t.regex(shown, /this node voted yes at .* via governance-voter: delivered/);
  t.regex((await node.cli(['governance', 'results', 'past-one'])).stdout, /past-one: failed .*\n {2}NOT FINAL: 1 of 2 required maintainer signatures valid/);

  t.regex((await maintainer(['close', 'past-one', '--key', keys.carol])).stdout, /result final: signed by dev-alice, dev-carol/);
  const final = await waitUntil(async () => {
    const r = await node.cli(['governance', 'results', 'past-one', '--json']);
    const parsed = JSON.parse(r.stdout) as { final: boolean; mismatch: string[]; result: { outcome: string } };
    return parsed.final ? parsed : undefined;
  }, { message: 'the final result of past-one on the node' });
  t.deepEqual([final.result.outcome, final.mismatch], ['failed', []]);
});
