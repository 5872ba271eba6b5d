import test from 'ava';
import { defaultConfig, parseConfig } from '../../src/config/index.js';
import { configError } from './helpers.js';

test('an empty file gives every default', (t) => {
  const config = parseConfig('', '/srv/node/blvm.toml');
  t.deepEqual(config, { ...defaultConfig('/srv/node'), file: '/srv/node/blvm.toml' });
  t.is(config.dir, '/srv/node');
  t.is(config.node.network, 'regtest');
  t.is(config.node.data_dir, '/srv/node/data');
  t.is(config.modules.modules_dir, '/srv/node/modules');
  t.deepEqual(config.security.signature_threshold, { m: 2, n: 3 });
  t.true(config.security.require_signatures);
  t.is(config.supervision.initial_delay, 500);
  t.is(config.supervision.max_delay, 30_000);
  t.is(config.supervision.crash_window, 600_000);
  t.is(config.supervision.max_crashes, 5);
  t.is(config.supervision.on_critical_failure, 'degrade');
  t.deepEqual(config.limits, { memory_samples: 3, cpu_window: 10_000, kill_on_cpu_limit: false });
  t.is(config.ipc.max_frame, 16 * 1024 * 1024);
  t.is(config.inspector.listen, '127.0.0.1:7780');
  t.deepEqual(config.registry.threshold, { m: 1, n: 1 });
  t.is(config.registry.cache_size, 256 * 1024 * 1024);
});

test('defaults are fresh objects on every call', (t) => {
  const a = defaultConfig('/x');
  a.modules.enabled_modules.push('mutated');
  t.deepEqual(defaultConfig('/x').modules.enabled_modules, []);
});

test('a config holding only what differs keeps every other default', (t) => {
  const config = parseConfig('[supervision]\nmax_crashes = 2\n[limits]\nmax_memory = "64MiB"\n', '/a/blvm.toml');
  t.is(config.supervision.max_crashes, 2);
  t.is(config.supervision.max_delay, 30_000);
  t.is(config.limits.max_memory, 64 * 1024 * 1024);
  t.is(config.limits.memory_samples, 3);
  t.is(config.node.log_level, 'info');
});

test('a relative data_dir resolves against the config file directory, not the working directory', (t) => {
  const config = parseConfig('[node]\ndata_dir = "state/node"\n[modules]\nmodules_dir = "../mods"\n', '/etc/blvm/blvm.toml');
  t.is(config.node.data_dir, '/etc/blvm/state/node');
  t.is(config.modules.modules_dir, '/etc/mods');
  t.is(config.dir, '/etc/blvm');
  t.not(config.node.data_dir.startsWith(process.cwd()), true);
  const absolute = parseConfig('[node]\ndata_dir = "/var/lib/blvm"\n', '/etc/blvm/blvm.toml');
  t.is(absolute.node.data_dir, '/var/lib/blvm');
});

test('an unknown key is rejected with a did-you-mean suggestion', (t) => {
  const error = configError('[supervision]\nmax_dealy = "30s"\n');
  t.is(error.code, 'config_invalid');
  t.is(error.message, '/etc/blvm/blvm.toml: 1 problem');
  t.deepEqual(error.details, ['blvm.toml: [supervision].max_dealy: unknown key (did you mean "max_delay"?)']);
});

test('a key placed in the wrong section points to its section', (t) => {
  const error = configError('[node]\nmax_crashes = 3\n');
  t.deepEqual(error.details, ['blvm.toml: [node].max_crashes: unknown key (did you mean [supervision].max_crashes?)']);
});

test('an unknown section is rejected, with a suggestion when one is close', (t) => {
  const error = configError('[supervison]\nmax_delay = "30s"\n\n[telemetry]\nport = 1\n');
  t.deepEqual(error.details, [
    'blvm.toml: [supervison]: unknown section (did you mean [supervision]?)',
    'blvm.toml: [telemetry]: unknown section',
  ]);
});

test('[metrics] listen may face the network but must be host:port; the inspector stays loopback-only (issue 20)', (t) => {
  t.deepEqual(configError('[metrics]\nlisten = "9780"\n').details, ['blvm.toml: [metrics].listen: expected host:port like "127.0.0.1:7780", got "9780"']);
  const details = configError('[metrics]\nlisten = "0.0.0.0:9780"\n\n[inspector]\nlisten = "0.0.0.0:1"\n').details;
  t.is(details.length, 1);
  t.regex(details[0], /^blvm\.toml: \[inspector\]\.listen: the inspector only listens on a loopback address/);
});

test('a key outside any section is rejected', (t) => {
  const error = configError('network = "regtest"\n');
  t.deepEqual(error.details, ['blvm.toml: network: unknown key outside any section (did you mean [node].network?)']);
});

test('wrong types in several keys are all reported in one error', (t) => {
  const error = configError(`
[node]
network = "mainet"
database_backend = "postgres"
[supervision]
max_delay = 30
max_crashes = "five"
max_missed_pings = 0
[inspector]
enabled = "yes"
listen = "localhost"
[ipc]
max_frame = "huge"
[limits]
max_cpu_percent = -5
`);
  t.is(error.message, '/etc/blvm/blvm.toml: 9 problems');
  t.deepEqual(error.details, [
    'blvm.toml: [node].network: expected one of "regtest", "testnet", "mainnet", got "mainet" (did you mean "mainnet"?)',
    'blvm.toml: [node].database_backend: unsupported database backend "postgres" (supported: "sqlite")',
    'blvm.toml: [supervision].max_delay: expected a duration like "30s", got 30',
    'blvm.toml: [supervision].max_crashes: expected an integer, got "five"',
    'blvm.toml: [supervision].max_missed_pings: expected an integer >= 1, got 0',
    'blvm.toml: [inspector].enabled: expected true or false, got "yes"',
    'blvm.toml: [inspector].listen: expected host:port like "127.0.0.1:7780", got "localhost"',
    'blvm.toml: [ipc].max_frame: expected a size like "64MiB" or a byte count, got "huge"',
    'blvm.toml: [limits].max_cpu_percent: expected a number greater than 0, got -5',
  ]);
  t.regex(error.describe(), /^\/etc\/blvm\/blvm.toml: 9 problems\n {2}- blvm.toml: \[node\]\.network/);
});

test('a section given as a value is rejected', (t) => {
  t.deepEqual(configError('node = 5\n').details, ['blvm.toml: [node]: expected a table, got 5']);
});

test('malformed TOML is reported with its line and column', (t) => {
  const error = configError('[node]\nnetwork = "regtest"\nlog_level = \n');
  t.is(error.code, 'config_invalid');
  t.is(error.details.length, 1);
  t.regex(error.details[0], /^blvm\.toml:3:13: invalid TOML: Expected .* found\.$/);
  const redefined = configError('[node]\nnetwork = "regtest"\n[node]\n');
  t.deepEqual(redefined.details, ["blvm.toml:3:1: invalid TOML: Cannot redefine existing key 'node'."]);
});

test('initial_delay may not exceed max_delay', (t) => {
  const error = configError('[supervision]\ninitial_delay = "1m"\nmax_delay = "30s"\n');
  t.deepEqual(error.details, ['blvm.toml: [supervision].initial_delay: initial_delay (1m) must not exceed max_delay (30s)']);
  t.notThrows(() => parseConfig('[supervision]\ninitial_delay = "30s"\nmax_delay = "30s"\n', '/a/blvm.toml'));
});

test('a cross-field check stays quiet when one of its keys is already invalid', (t) => {
  const error = configError('[supervision]\ninitial_delay = "forever"\nmax_delay = "1ms"\n');
  t.is(error.details.length, 1);
  t.regex(error.details[0], /initial_delay: expected a duration/);
});

test('durations that must be positive reject zero, graces accept it', (t) => {
  t.deepEqual(configError('[supervision]\nping_interval = "0s"\n').details, [
    'blvm.toml: [supervision].ping_interval: expected a duration greater than 0, got "0s"',
  ]);
  const config = parseConfig('[supervision]\nstop_grace = "0s"\nkill_grace = "0ms"\n', '/a/blvm.toml');
  t.is(config.supervision.stop_grace, 0);
  t.is(config.supervision.kill_grace, 0);
});

test('capability lists only accept known capabilities', (t) => {
  const config = parseConfig('[security]\nallowed_capabilities = ["read_blockchain", "subscribe_events"]\n', '/a/blvm.toml');
  t.deepEqual(config.security.allowed_capabilities, ['read_blockchain', 'subscribe_events']);
  t.deepEqual(configError('[security]\nallowed_capabilities = ["read_blokchain", "root"]\n').details, [
    'blvm.toml: [security].allowed_capabilities[0]: unknown capability "read_blokchain" (did you mean "read_blockchain"?)',
    'blvm.toml: [security].allowed_capabilities[1]: unknown capability "root"',
  ]);
});

test('module name lists reject invalid names and contradictions', (t) => {
  t.deepEqual(configError('[modules]\nenabled_modules = ["ok", "Not_OK"]\n').details, [
    'blvm.toml: [modules].enabled_modules[1]: invalid module name "Not_OK": use lowercase letters, digits and "-", starting with a letter or digit, at most 64 characters',
  ]);
  t.deepEqual(configError('[modules]\nenabled_modules = ["a"]\ndisabled_modules = ["a"]\n').details, [
    'blvm.toml: [modules].enabled_modules: "a" is also listed in disabled_modules',
  ]);
});

test('the inspector listen address must be host:port on loopback', (t) => {
  for (const good of ['127.0.0.1:0', 'localhost:8080', '[::1]:7780']) {
    t.is(parseConfig(`[inspector]\nlisten = "${good}"\n`, '/a/blvm.toml').inspector.listen, good);
  }
  t.regex(configError('[inspector]\nlisten = "127.0.0.1:70000"\n').details[0], /port 70000 is out of range/);
  t.regex(configError('[inspector]\nlisten = "0.0.0.0:7780"\n').details[0], /only listens on a loopback address/);
  t.regex(configError('[inspector]\nlisten = "127.0.0.1"\n').details[0], /expected host:port/);
});

test('problems are listed in the order their sections appear in the file', (t) => {
  const error = configError('[logs]\nmax_files = 0\n[node]\nlog_level = "loud"\n');
  t.regex(error.details[0], /\[logs\]\.max_files/);
  t.regex(error.details[1], /\[node\]\.log_level/);
});

test('an unknown array of tables is an unknown section too', (t) => {
  t.deepEqual(configError('[[plugins]]\nname = "x"\n').details, ['blvm.toml: [plugins]: unknown section']);
});

test('the event payload limit must fit in the event log byte budget and in one frame', (t) => {
  t.deepEqual(configError('[store]\nmax_event_payload = "2MiB"\nretention_event_bytes = "1MiB"\n').details, [
    'blvm.toml: [store].max_event_payload: 2097152 bytes exceeds [store] retention_event_bytes (1048576): one event would not fit in the event log',
  ]);
  t.deepEqual(configError('[store]\nmax_event_payload = "64KiB"\n[ipc]\nmax_frame = "64KiB"\n').details, [
    'blvm.toml: [store].max_event_payload: 65536 bytes does not fit in one frame of [ipc] max_frame (65536) with 1024 bytes of envelope',
  ]);
});
