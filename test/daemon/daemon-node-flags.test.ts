import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from '../../src/daemon/daemon-node-flags.js';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../../src/version.js';

test('the blvm command, npm start and the shipped systemd unit run the daemon with its node flags (issue 19)', (t) => {
  const npmStart = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const shebang = readFileSync(join(PACKAGE_ROOT, 'bin', 'blvm.js'), 'utf8').split('\n')[0];
  const execStart = /^ExecStart=(.*)$/m.exec(readFileSync(join(PACKAGE_ROOT, 'contrib', 'blvm.service'), 'utf8'))?.[1] ?? '';
  for (const flag of DAEMON_NODE_FLAGS) {
    t.true(shebang.split(' ').includes(flag), `bin/blvm.js's first line passes ${flag}: ${shebang}`);
    t.true(npmStart.split(' ').slice(0, npmStart.split(' ').indexOf('bin/blvm.js')).includes(flag), `npm start passes ${flag} to node: ${npmStart}`);
    t.true(execStart.split(' ').slice(0, execStart.split(' ').indexOf('/opt/blvm/bin/blvm.js')).includes(flag), `ExecStart passes ${flag} to node: ${execStart}`);
  }
});

test('a daemon started by IsolatedNode runs with the daemon node flags (issue 19)', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  const args = readFileSync(`/proc/${node.daemon!.pid}/cmdline`, 'utf8').split('\0');
  for (const flag of DAEMON_NODE_FLAGS) t.true(args.indexOf(flag) >= 0 && args.indexOf(flag) < args.findIndex((a) => a.endsWith('blvm.js')), `${flag} comes before the script in ${args.join(' ')}`);
});

test('running bin/blvm.js directly gives node the daemon node flags through its first line (issue 19)', async (t) => {
  const { execa } = await import('execa');
  // NODE_OPTIONS is read by the same node the first line starts; printing execArgv shows what that node got.
  const result = await execa(join(PACKAGE_ROOT, 'bin', 'blvm.js'), ['--version'], { reject: false, env: { NODE_OPTIONS: '--require ' + join(PACKAGE_ROOT, 'test', 'fixtures', 'print-exec-argv.cjs') } });
  for (const flag of DAEMON_NODE_FLAGS) t.true(result.stderr.includes(flag), `node's execArgv holds ${flag}: ${result.stderr}`);
});

const envSettings = Object.entries(DAEMON_ENV).map(([name, value]) => `${name}=${value}`);

test('the blvm command, npm start and the shipped systemd unit start the daemon with its malloc environment (issue 19)', (t) => {
  const npmStart = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const shebang = readFileSync(join(PACKAGE_ROOT, 'bin', 'blvm.js'), 'utf8').split('\n')[0];
  const unit = readFileSync(join(PACKAGE_ROOT, 'contrib', 'blvm.service'), 'utf8');
  t.true(envSettings.length > 0);
  for (const setting of envSettings) {
    t.true(shebang.split(' ').slice(0, shebang.split(' ').indexOf('node')).includes(setting), `bin/blvm.js's first line sets ${setting} before node: ${shebang}`);
    t.true(npmStart.split(' ').slice(0, npmStart.split(' ').indexOf('node')).includes(setting), `npm start sets ${setting} for node: ${npmStart}`);
    t.true(unit.split('\n').includes(`Environment=${setting}`), `the unit has Environment=${setting}`);
  }
});

test('a daemon started by IsolatedNode or by bin/blvm.js directly has the malloc environment (issue 19)', async (t) => {
  const node = await IsolatedNode.create();
  t.teardown(() => node.destroy());
  const environ = readFileSync(`/proc/${node.daemon!.pid}/environ`, 'utf8').split('\0');
  for (const setting of envSettings) t.true(environ.includes(setting), `IsolatedNode's daemon has ${setting}`);
  const { execa } = await import('execa');
  const result = await execa(join(PACKAGE_ROOT, 'bin', 'blvm.js'), ['--version'], { reject: false, env: { NODE_OPTIONS: '--require ' + join(PACKAGE_ROOT, 'test', 'fixtures', 'print-exec-argv.cjs') } });
  for (const setting of envSettings) t.true(result.stderr.split(/\s/).includes(setting), `node started by the first line has ${setting}: ${result.stderr}`);
});
