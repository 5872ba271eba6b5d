// Only the bytes that were verified ever run (issue 13): a module runs from its read-only snapshot;
// tampering with its directory changes nothing that runs until a reload verifies again and refuses it.
import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IsolatedNode, sleep } from '../../src/testing/isolated-node.js';
import type { ModuleDetails } from '../../src/supervision/status-types.js';
import { generatePrivateKey, publicKeyOf } from '../../src/trust/keys.js';
import { signModule } from '../../src/trust/sign-module.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'modules');
const PROBE = join(FIXTURES, 'probe.mjs');
const RACER = join(FIXTURES, 'inotify-racer.py');
const maintainer = generatePrivateKey();

const manifest = (name: string, version: string, requires = '') =>
  `name = "${name}"\nversion = "${version}"\nentry_point = "main.js"\ndescription = "snapshot test"\nauthor = "blvm tests"\ncapabilities = []\n${requires}`;
const appSource = (marker: string) => `import ${JSON.stringify(PROBE)};\nconsole.log("app-code: ${marker}");`;
const ORIGINAL = appSource('original');
const EVIL = `#!/usr/bin/env node\n${appSource('TAMPERED')}\n`;

interface World {
  node: IsolatedNode;
  appDir: string;
  first: ModuleDetails;
}

/** A node requiring one trusted signature, running `base` and `app` (which requires base), both signed. */
async function signedWorld(t: ExecutionContext): Promise<World> {
  const node = await IsolatedNode.create({
    start: false,
    security: `[security]\nrequire_signatures = true\nsignature_threshold = "1-of-1"\ntrusted_maintainers = [ { name = "alice", public_key = "${publicKeyOf(maintainer)}" } ]\n`,
  });
  t.teardown(() => node.destroy());
  const baseDir = await node.addModule('base', manifest('base', '1.0.0'), `import ${JSON.stringify(PROBE)};`);
  const appDir = await node.addModule('app', manifest('app', '1.0.0', '\n[dependencies]\nbase = "^1"\n'), ORIGINAL);
  for (const dir of [baseDir, appDir]) await signModule(dir, maintainer, { name: 'alice' });
  await node.start();
  const first = await node.waitFor('app', (m) => m.phase === 'monitoring' && m.snapshot != null);
  return { node, appDir, first };
}

function cmdline(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
}

async function markers(node: IsolatedNode): Promise<{ original: number; tampered: number }> {
  const lines = await node.logs('app', 1000);
  return { original: lines.filter((l) => l.includes('app-code: original')).length, tampered: lines.filter((l) => l.includes('app-code: TAMPERED')).length };
}

/** Restarts the dependency; resolves once the dependent runs again as a new process. */
async function restartDependency(w: World): Promise<ModuleDetails> {
  await w.node.control('restartmodule', { name: 'base' });
  return w.node.waitFor('app', (m) => m.phase === 'monitoring' && m.pid !== null && m.pid !== w.first.pid && m.restarts === w.first.restarts);
}

/** After a dependency restart the dependent runs the snapshot verified before, with its output. */
async function assertRunsOriginal(t: ExecutionContext, w: World, after: ModuleDetails): Promise<void> {
  t.deepEqual(after.snapshot, w.first.snapshot, 'module info shows the same verified snapshot');
  t.is(after.version, '1.0.0');
  const treeHash = w.first.snapshot!.tree_hash;
  t.regex((await w.node.cli(['module', 'info', 'app'])).stdout, new RegExp(`runs from: +${w.first.snapshot!.dir} \\(verified snapshot, tree ${treeHash}\\)`));
  t.regex((await w.node.cli(['status'])).stdout, new RegExp(`^app +1\\.0\\.0 +${treeHash.slice(7, 19)} +monitoring`, 'm'));
  t.true(cmdline(after.pid!).includes(join(w.first.snapshot!.dir, 'main.js')), cmdline(after.pid!));
  const deadline = Date.now() + 10_000;
  let seen = await markers(w.node);
  while (seen.original < 2 && Date.now() < deadline) {
    await sleep(100);
    seen = await markers(w.node);
  }
  t.is(seen.original, 2, 'the restarted process printed the original marker');
  t.is(seen.tampered, 0, 'no tampered code ever ran');
}

/** `blvm module reload app` verifies the tampered directory again and refuses it. */
async function assertReloadRefuses(t: ExecutionContext, w: World, problem: RegExp): Promise<void> {
  const reload = await w.node.cli(['module', 'reload', 'app']);
  t.regex(reload.stdout + reload.stderr, /rejected/);
  const info = await w.node.module('app');
  t.is(info.phase, 'rejected');
  t.is(info.snapshot, null, 'a refused module holds no snapshot to run');
  t.true(info.problems.some((p) => problem.test(p)), info.problems.join('\n'));
  t.is((await w.node.module('base')).phase, 'monitoring', 'the rest of the node keeps running');
  t.is((await markers(w.node)).tampered, 0);
}

test('an unsigned entry point swapped in is not run on a dependency restart and is refused on reload (issue 13)', async (t) => {
  const w = await signedWorld(t);
  await writeFile(join(w.appDir, 'main.js'), EVIL);
  await assertRunsOriginal(t, w, await restartDependency(w));
  await assertReloadRefuses(t, w, /^entry point main\.js: hash mismatch/);
});

test('a module.toml swapped for one asking for network_access gives no capability on a dependency restart and is refused on reload (issue 13)', async (t) => {
  const w = await signedWorld(t);
  const file = join(w.appDir, 'module.toml');
  await writeFile(file, readFileSync(file, 'utf8').replace('capabilities = []', 'capabilities = ["network_access"]'));
  const after = await restartDependency(w);
  await assertRunsOriginal(t, w, after);
  const net = after.sandbox?.layers.find((l) => l.name === 'bwrap_net');
  t.notRegex(net?.detail ?? '', /network shared/, 'the restarted module holds no network_access');
  t.deepEqual((after.verification as { capabilities: { granted: string[] } }).capabilities.granted, []);
  await assertReloadRefuses(t, w, /signature does not verify for alice over this module\.toml/);
});

test('a validly signed older version swapped in does not run on a dependency restart and reload refuses the downgrade (issue 13)', async (t) => {
  const w = await signedWorld(t);
  const older = await mkdtemp(join(tmpdir(), 'blvm-older-'));
  t.teardown(() => rm(older, { recursive: true, force: true }));
  await writeFile(join(older, 'module.toml'), manifest('app', '0.9.0', '\n[dependencies]\nbase = "^1"\n'));
  await writeFile(join(older, 'main.js'), EVIL, { mode: 0o755 });
  await signModule(older, maintainer, { name: 'alice' });
  await cp(older, w.appDir, { recursive: true, force: true });
  await assertRunsOriginal(t, w, await restartDependency(w));
  await assertReloadRefuses(t, w, /^version 0\.9\.0 is older than 1\.0\.0/);
});

test('an inotify racer swapping the entry point right after it was hashed never gets its code run: the module runs the verified snapshot or is refused (issue 13)', async (t) => {
  const w = await signedWorld(t);
  const files = await mkdtemp(join(tmpdir(), 'blvm-racer-'));
  t.teardown(() => rm(files, { recursive: true, force: true }));
  await writeFile(join(files, 'evil.js'), EVIL);
  await cp(join(w.appDir, 'main.js'), join(files, 'good.js'));
  const racer = spawn('python3', [RACER, w.appDir, 'main.js', join(files, 'evil.js'), join(files, 'good.js'), '0.3'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => void racer.kill('SIGKILL'));
  let swaps = 0;
  racer.stdout.on('data', (chunk: Buffer) => (swaps += chunk.toString().split('\n').filter((l) => l.startsWith('swapped')).length));
  const outcomes = { ran: 0, refused: 0 };
  for (let i = 0; i < 10; i++) {
    await w.node.cli(['module', 'reload', 'app']);
    const info = await w.node.waitFor('app', (m) => m.phase === 'monitoring' || m.phase === 'rejected');
    if (info.phase === 'monitoring') {
      outcomes.ran++;
      t.deepEqual(info.snapshot, w.first.snapshot, 'whatever ran is the verified tree');
      t.true(cmdline(info.pid!).includes(w.first.snapshot!.dir), cmdline(info.pid!));
    } else {
      outcomes.refused++;
      t.true(info.problems.some((p) => /main\.js/.test(p)), info.problems.join('\n'));
    }
  }
  racer.kill('SIGKILL');
  t.log({ ...outcomes, swaps });
  t.true(swaps > 0, `the racer swapped the entry point right after the daemon read it (${swaps} swaps)`);
  t.true(outcomes.ran > 0, 'verification passed while the racer was active');
  t.is((await markers(w.node)).tampered, 0, `the racer's code never ran (${outcomes.ran} runs, ${outcomes.refused} refusals)`);
  t.is((await w.node.module('base')).phase, 'monitoring');
});
