import test from 'ava';
import { adoptLiveSettings, configChanges } from '../../src/config/config-changes.js';
import { parseConfig } from '../../src/config/parse-config.js';

const parse = (text: string) => parseConfig(text, '/etc/blvm/blvm.toml');

test('live settings and settings that need a restart are told apart, naming each key (issue 15)', (t) => {
  const running = parse('[modules]\ndisabled_modules = ["a"]\n[modules.b]\ngreeting = "one"\n');
  const fresh = parse(
    '[node]\ndata_dir = "elsewhere"\n[modules]\ndisabled_modules = ["c"]\n[modules.b]\ngreeting = "two"\n[modules.d]\nx = 1\n' +
      '[security]\nrequire_signatures = false\n[limits]\nmemory_samples = 5\n[inspector]\nlisten = "127.0.0.1:1"\n',
  );
  const changes = configChanges(running, fresh);
  t.deepEqual(changes.applied, [
    '[modules] disabled_modules: ["a"] -> ["c"]',
    '[modules.b] changed',
    '[modules.d] changed',
    '[security] require_signatures: true -> false',
    '[limits] memory_samples: 3 -> 5',
  ]);
  t.deepEqual(changes.restartNeeded, ['[node] data_dir: "/etc/blvm/data" -> "/etc/blvm/elsewhere"', '[inspector] listen: "127.0.0.1:7780" -> "127.0.0.1:1"']);
  t.deepEqual(changes.overrides, ['b', 'd']);
  t.true(changes.moduleLists && changes.trust && changes.policy);
});

test('adopting a reload keeps the settings that need a restart and the same config object', (t) => {
  const running = parse('[modules]\ndisabled_modules = ["a"]\n');
  const modules = running.modules;
  adoptLiveSettings(running, parse('[node]\ndata_dir = "other"\n[modules]\ndisabled_modules = []\n[supervision]\nmax_crashes = 9\n'));
  t.is(running.modules, modules);
  t.deepEqual(running.modules.disabled_modules, []);
  t.is(running.supervision.max_crashes, 9);
  t.is(running.node.data_dir, '/etc/blvm/data');
});

test('an unchanged file changes nothing', (t) => {
  const text = '[modules.b]\ngreeting = "one"\n';
  t.deepEqual(configChanges(parse(text), parse(text)), { applied: [], restartNeeded: [], overrides: [], moduleLists: false, trust: false, policy: false });
});
