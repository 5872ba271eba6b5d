import test from 'ava';
import { parseConfig } from '../../src/config/index.js';
import { configError } from './helpers.js';

test('a per-module override is split into capabilities, restart, limits, critical and config', (t) => {
  const config = parseConfig(`
[modules.block-logger]
capabilities = ["read_blockchain", "subscribe_events"]
restart = { type = "transient", max_crashes = 3, initial_delay = "1s" }
max_memory = "128MiB"
kill_on_cpu_limit = true
critical = true
some_config_key = "value"
nested = { depth = 2 }
`, '/a/blvm.toml');
  t.deepEqual(config.modules.overrides['block-logger'], {
    capabilities: ['read_blockchain', 'subscribe_events'],
    restart: { restart: 'transient', max_crashes: 3, initial_delay: 1000 },
    limits: { max_memory: 128 * 1024 * 1024, kill_on_cpu_limit: true },
    critical: true,
    config: { some_config_key: 'value', nested: { depth: 2 } },
  });
});

test('a restart string is the restart type and an empty override stays empty', (t) => {
  const config = parseConfig('[modules.hog]\nrestart = "temporary"\n[modules.idle]\n', '/a/blvm.toml');
  t.deepEqual(config.modules.overrides.hog, { restart: { restart: 'temporary' }, limits: {}, config: {} });
  t.deepEqual(config.modules.overrides.idle, { restart: {}, limits: {}, config: {} });
});

test('a restart table may be written as its own section and spell the type as restart', (t) => {
  const config = parseConfig('[modules.hog.restart]\nrestart = "transient"\nmax_delay = "2m"\n', '/a/blvm.toml');
  t.deepEqual(config.modules.overrides.hog.restart, { restart: 'transient', max_delay: 120_000 });
});

test('an invalid per-module restart key is rejected with a suggestion', (t) => {
  const error = configError('[modules.hog.restart]\nmax_crashs = 3\ntype = "sometimes"\n');
  t.deepEqual(error.details, [
    'blvm.toml: [modules.hog.restart].max_crashs: unknown key (did you mean "max_crashes"?)',
    'blvm.toml: [modules.hog.restart].type: expected one of "permanent", "transient", "temporary", got "sometimes"',
  ]);
});

test('invalid restart values, limits and capabilities in an override are all reported', (t) => {
  const error = configError(`
[modules.hog]
restart = 5
max_memory = "big"
capabilities = ["send_transaction"]
critical = "yes"
[modules.other]
restart = { type = "transient", restart = "temporary", max_delay = 30 }
`);
  t.deepEqual(error.details, [
    'blvm.toml: [modules.hog].restart: expected a restart type ("permanent" | "transient" | "temporary") or a table of [supervision] keys, got 5',
    'blvm.toml: [modules.hog].capabilities[0]: unknown capability "send_transaction" (did you mean "send_transactions"?)',
    'blvm.toml: [modules.hog].critical: expected true or false, got "yes"',
    'blvm.toml: [modules.hog].max_memory: expected a size like "64MiB" or a byte count, got "big"',
    'blvm.toml: [modules.other.restart].max_delay: expected a duration like "30s", got 30',
    'blvm.toml: [modules.other.restart].type: the restart type is given twice (use either type or restart)',
  ]);
});

test('a per-module backoff is checked against the global one it is merged with', (t) => {
  const error = configError('[modules.hog]\nrestart = { initial_delay = "1m" }\n');
  t.deepEqual(error.details, ['blvm.toml: [modules.hog.restart].initial_delay: initial_delay (1m) must not exceed max_delay (30s)']);
  t.notThrows(() => parseConfig('[modules.hog]\nrestart = { initial_delay = "1m", max_delay = "5m" }\n', '/a/blvm.toml'));
});

test('an invalid module name in an override table is rejected', (t) => {
  t.deepEqual(configError('[modules."Block Logger"]\nx = 1\n').details, [
    'blvm.toml: [modules."Block Logger"]: invalid module name "Block Logger": use lowercase letters, digits and "-", starting with a letter or digit, at most 64 characters',
  ]);
});

test('a non-table unknown key under [modules] is an unknown key', (t) => {
  t.deepEqual(configError('[modules]\nmodule_dir = "mods"\nverbose = true\n').details, [
    'blvm.toml: [modules].module_dir: unknown key (did you mean "modules_dir"?)',
    'blvm.toml: [modules].verbose: unknown key',
  ]);
});

test('standby is a per-module boolean, false unless set, and reaches the resolved policy (issue 19)', async (t) => {
  const { resolvePolicy } = await import('../../src/supervision/resolved-policy.js');
  const config = parseConfig('[modules.hot]\nstandby = true\n[modules.cold]\nmax_memory = "64MiB"\n', '/a/blvm.toml');
  t.is(config.modules.overrides.hot.standby, true);
  t.is(resolvePolicy(config, 'hot').supervision.standby, true);
  t.is(resolvePolicy(config, 'cold').supervision.standby, false);
  t.is(resolvePolicy(config, 'unlisted').supervision.standby, false);
  t.false('standby' in config.modules.overrides.hot.config);
});

test('a standby that is not a boolean is refused naming the field (issue 19)', (t) => {
  const error = configError('[modules.hot]\nstandby = "yes"\n');
  t.deepEqual(error.details, ['blvm.toml: [modules.hot].standby: expected true or false, got "yes"']);
});

test('standby is not a [supervision] key (issue 19)', (t) => {
  const error = configError('[supervision]\nstandby = true\n');
  t.is(error.details.length, 1);
  t.regex(error.details[0], /\[supervision\]\.standby: unknown key/);
});

test("a module's effective limits are its resolved policy's limits, with or without an override (issue 19)", async (t) => {
  const { resolvePolicy } = await import('../../src/supervision/resolved-policy.js');
  const { effectiveLimits } = await import('../../src/supervision/effective-policy.js');
  const config = parseConfig('[limits]\nmax_memory = "256MiB"\n[modules.small]\nmax_memory = "64MiB"\n[modules.other]\nrestart = "temporary"\n', '/a/blvm.toml');
  for (const name of ['small', 'other', 'unlisted']) t.deepEqual(effectiveLimits(config, name), resolvePolicy(config, name).limits, name);
  t.is(effectiveLimits(config, 'small').max_memory, 64 * 1024 * 1024);
  t.is(effectiveLimits(config, 'unlisted').max_memory, 256 * 1024 * 1024);
});
