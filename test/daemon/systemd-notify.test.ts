import test from 'ava';
import { notifySocketPath, watchdogIntervalMs } from '../../src/daemon/systemd-notify.js';
import { createLogger } from '../../src/log/logger.js';

test('the watchdog pings at half of WATCHDOG_USEC, only for the process WATCHDOG_PID names', (t) => {
  t.is(watchdogIntervalMs({ WATCHDOG_USEC: '30000000' }, 42), 15_000);
  t.is(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '42' }, 42), 15_000);
  t.is(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '7' }, 42), null);
  t.is(watchdogIntervalMs({}, 42), null);
  t.is(watchdogIntervalMs({ WATCHDOG_USEC: 'soon' }, 42), null);
});

test('an abstract NOTIFY_SOCKET is refused by name, an unset one means no systemd', (t) => {
  t.is(notifySocketPath({}), null);
  t.is(notifySocketPath({ NOTIFY_SOCKET: '/run/systemd/notify' }), '/run/systemd/notify');
  t.throws(() => notifySocketPath({ NOTIFY_SOCKET: '@/org/freedesktop/systemd1/notify' }), { message: /NOTIFY_SOCKET="@\/org.*abstract/ });
});

test('journal log lines start with the syslog priority instead of a timestamp', (t) => {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', format: 'text', journal: true, write: (l) => lines.push(l) });
  log.warn('module crashed', { module: 'a' });
  log.error('module quarantined');
  t.deepEqual(lines, ['<4>WARN  module crashed module=a', '<3>ERROR module quarantined']);
});
