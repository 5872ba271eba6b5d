import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeWithFixtures } from '../fixtures/containment/node.js';

const SCHEMA = `
[config_schema]
greeting = { type = "string", default = "hello" }
level = { type = "integer", default = 1 }
tag = { type = "string" }
endpoint = { type = "string", required = true }
mode = "probe behaviour"
`;

const MODULE_CONFIG = 'level = 2\ntag = "from the module"\nendpoint = "module-endpoint"\n';

test('node overrides win key by key, schema defaults fill the gaps and database_backend is inherited', async (t) => {
  const node = await nodeWithFixtures(t, { cfg: { fixture: 'probe', manifest: SCHEMA, configToml: MODULE_CONFIG } }, {
    extraConfig: '[modules.cfg]\ntag = "from the node"\nmode = "ok"\n',
  });
  await node.waitForPhase('cfg', 'monitoring');
  const written = JSON.parse(await readFile(join(node.dataDir, 'modules', 'cfg', 'run', 'config.json'), 'utf8')) as Record<string, unknown>;
  t.deepEqual(written, { greeting: 'hello', level: 2, tag: 'from the node', endpoint: 'module-endpoint', mode: 'ok', database_backend: 'sqlite' });
  await node.stop();
  const offline = await node.cli(['module', 'config', 'cfg', '--json']);
  t.is(offline.exitCode, 0, offline.stderr);
  const report = JSON.parse(offline.stdout) as { values: Record<string, unknown>; sources: Record<string, string>; problems: string[] };
  t.deepEqual(report.values, written);
  t.deepEqual(report.sources, { greeting: 'default', level: 'module', tag: 'node', endpoint: 'module', mode: 'node', database_backend: 'inherited' });
  const text = await node.cli(['module', 'config', 'cfg']);
  t.regex(text.stdout, /tag +"from the node" +node \(\[modules\.cfg\] of the node config\)/);
  t.regex(text.stdout, /database_backend +"sqlite" +inherited \(\[node\] database_backend\)/);
});

test('a config that breaks the module schema rejects the module with the key named, and module config says why', async (t) => {
  const node = await nodeWithFixtures(t, { broken: { fixture: 'probe', manifest: SCHEMA, configToml: 'tag = "x"\n' } }, {
    extraConfig: '[modules.broken]\nlevel = "high"\n',
  });
  const m = await node.waitForPhase('broken', 'rejected');
  const problems = m.problems.join('\n');
  t.regex(problems, /level: expected integer \(\[config_schema\]\), got "high" \(string\) from \[modules\.broken\] of the node config/);
  t.regex(problems, /endpoint: required by the module's \[config_schema\] but not set/);
  t.is(m.pid, null);
  const offline = await node.cli(['module', 'config', 'broken']);
  t.is(offline.exitCode, 1);
  t.regex(offline.stdout, /invalid: the module will be rejected/);
  t.regex(offline.stdout, /level: expected integer/);
});

test('module config names the known modules when asked for an unknown one', async (t) => {
  const node = await nodeWithFixtures(t, { present: { fixture: 'probe' } }, { start: false });
  const result = await node.cli(['module', 'config', 'absent']);
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /no module named "absent" in .* \(found: present\)/);
});
