import test from 'ava';
import { join } from 'node:path';
import { IsolatedNode } from '../../src/testing/isolated-node.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const BUNDLED = ['crash-test', 'event-journal', 'journal-reporter'];

test('with a minimal blvm.toml the start log and blvm status say why each bundled module is rejected and what to set (issue 20)', async (t) => {
  const node = await IsolatedNode.create({
    security: '',
    copyModules: Object.fromEntries(BUNDLED.map((name) => [name, join(PACKAGE_ROOT, 'modules', name)])),
  });
  t.teardown(() => node.destroy());
  const status = await node.cli(['status']);
  t.is(status.exitCode, 0, status.stderr);
  for (const name of BUNDLED) {
    t.regex(
      status.stdout,
      new RegExp(`^  ${name}: .*signatures.*; to load it: it is signed by the development key\\(s\\) dev-alice, dev-bob: add them to \\[security\\] trusted_maintainers .* allow_unsigned = \\["${name}"\\]$`, 'm'),
    );
    t.truthy(await node.waitForLog(new RegExp(`module ${name} will not be loaded .*to_load_it=".*trusted_maintainers`)));
  }
  const json = JSON.parse((await node.cli(['status', '--json'])).stdout) as { modules: { name: string; advice?: string }[] };
  t.true(json.modules.every((m) => typeof m.advice === 'string'));
});
