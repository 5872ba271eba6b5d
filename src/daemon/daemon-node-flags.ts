// Node options the daemon process runs with. An idle daemon allocates a little on every ping
// and sampling round, and V8 lets the young generation grow to its default maximum (two 16 MiB
// semi-spaces, all resident) although almost nothing in it survives; capped at 2 MiB each the
// daemon holds about 25 MiB less with 100 idle modules (docs/benchmarks.md, "Idle daemon").
// V8 reads this only when the process starts, so everything that launches the daemon passes
// it: bin/blvm.js's first line, `npm start`, contrib/blvm.service, IsolatedNode and the chaos node-kill.
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
