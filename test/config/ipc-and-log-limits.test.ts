import test from 'ava';
import { parseConfig } from '../../src/config/index.js';
import { configError } from './helpers.js';

test('connection, input and log limits have defaults and accept sizes and durations', (t) => {
  const config = parseConfig('[ipc]\nhello_timeout = "2s"\nmax_buffered_input = "32MiB"\n[logs]\ndaemon_log_file = "logs/node.log"\n', '/etc/blvm/blvm.toml');
  t.is(config.ipc.hello_timeout, 2000);
  t.is(config.ipc.max_buffered_input, 32 * 2 ** 20);
  t.is(config.ipc.max_pending_connections, 64);
  t.is(config.logs.module_log_bytes_per_second, 64 * 1024);
  t.is(config.logs.daemon_log_file, '/etc/blvm/logs/node.log', 'relative to the config file');
  t.is(parseConfig('', '/etc/blvm/blvm.toml').logs.daemon_log_file, '');
});

test('max_buffered_input smaller than max_frame is refused, naming both', (t) => {
  const error = configError('[ipc]\nmax_frame = "16MiB"\nmax_buffered_input = "1MiB"\n');
  t.regex(error.details?.join('\n') ?? '', /\[ipc\]\.max_buffered_input: must be at least max_frame \(16777216 bytes\), got 1048576 bytes/);
});

test('max_pending_connections above max_connections is refused', (t) => {
  const error = configError('[ipc]\nmax_connections = 10\nmax_pending_connections = 20\n');
  t.regex(error.details?.join('\n') ?? '', /\[ipc\]\.max_pending_connections: must not exceed max_connections \(10\), got 20/);
});

test('a daemon log file must end in .log, so its rotated files are named after it', (t) => {
  const error = configError('[logs]\ndaemon_log_file = "node.txt"\n');
  t.regex(error.details?.join('\n') ?? '', /\[logs\]\.daemon_log_file: expected "" \(log to stderr\) or a file path ending in \.log, got "node.txt"/);
});

test('the event linger defaults to 1 ms, reads "0ms" to turn it off, "500us" as half a millisecond, and refuses more than 50 ms naming the value', (t) => {
  t.is(parseConfig('', '/etc/blvm/blvm.toml').ipc.event_linger, 1);
  t.is(parseConfig('[ipc]\nevent_linger = "500us"\n', '/etc/blvm/blvm.toml').ipc.event_linger, 0.5);
  t.is(parseConfig('[ipc]\nevent_linger = "0ms"\n', '/etc/blvm/blvm.toml').ipc.event_linger, 0);
  t.is(parseConfig('[ipc]\nevent_linger = "2ms"\n', '/etc/blvm/blvm.toml').ipc.event_linger, 2);
  const error = configError('[ipc]\nevent_linger = "1s"\n');
  t.regex(error.details?.join('\n') ?? '', /\[ipc\]\.event_linger: expected a duration of at most 50ms, got "1s"/);
});
