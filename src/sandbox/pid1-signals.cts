// Loaded (node --require) before a sandboxed Node module's own code. The module runs as PID 1 of
// its pid namespace (bwrap --as-pid-1), and the kernel delivers to a PID 1 only the signals it
// has a handler for: without this, SIGTERM or an injected SIGINT would be dropped. Each signal
// below whose default action ends a process gets a listener that does just that when the module
// has no listener of its own: exit with 128 + the signal's number, which bwrap passes on and the
// daemon reports as death by that signal (as it does for a signal death behind bwrap).
// CommonJS, so preloading it starts no ES module loader for a CommonJS entry (issue 19).
import { constants } from 'node:os';

// SIGALRM last: the daemon takes a handler for it as the sign that this preload has run (src/process/sandbox-child.ts).
const ENDING: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGABRT', 'SIGUSR2', 'SIGALRM'];

for (const signal of ENDING) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
  });
}
