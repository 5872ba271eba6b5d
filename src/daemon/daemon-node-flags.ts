// Node options the daemon process runs with. An idle daemon allocates a little on every ping
// and sampling round, and V8 lets the young generation grow to its default maximum (two 16 MiB
// semi-spaces, all resident) although almost nothing in it survives; capped at 2 MiB each the
// daemon holds about 25 MiB less with 100 idle modules. `--optimize-for-size` makes V8 grow the
// old generation in small steps and give back what the start-up burst left, instead of keeping
// ~10 MiB of slack for minutes: 70–72 MiB instead of 73–85 MiB with 100 idle modules, at the
// same idle CPU (busy, it costs ~11 % of the durable event-append rate: more full GCs).
// `--no-sparkplug` leaves out V8's baseline compiler, whose machine code for every warm
// function took ~2.5 MiB; hot functions are still optimized, and the CPU of starting 100
// modules did not grow (docs/benchmarks.md, "Idle daemon"). `--interrupt-budget` at 16 times
// V8's default lets a function reach the optimizing compiler only after about 16 times as much
// interpreted work: the start-up burst of 100 modules (manifest and config parsing, first
// transitions) no longer optimizes its one-off code, which kept ~0.75 MiB more of the compiler
// resident and its code in the heap (1.7 MiB less with 100 idle modules); code that is really
// hot (event appends, IPC, hashing) is still optimized within milliseconds of work
// (docs/benchmarks.md, "Idle daemon", eighth pass). V8 reads these only when the
// process starts, so everything that launches the daemon passes them: bin/blvm.js's first line,
// `npm start`, contrib/blvm.service, IsolatedNode and the chaos node-kill.
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--optimize-for-size', '--no-sparkplug', '--interrupt-budget=1081344'];

// Environment the daemon process starts with, for glibc's malloc (read before Node runs, so
// passed by the same launchers as DAEMON_NODE_FLAGS). Every socket or pipe read takes a 64 KiB
// buffer from malloc and shrinks it to the bytes read, which live until a GC; on the main heap
// that leaves holes between the surviving pieces that glibc never gives back (about 10 MiB with
// 100 idle modules). At or above this threshold malloc maps each buffer on its own and unmaps
// it when freed (docs/benchmarks.md, "Idle daemon"). `MALLOC_TOP_PAD_=0`: glibc grows each arena
// (the main heap and one per thread that allocates) by what is asked, not 128 KiB more, and trims
// it back to its last used byte, not to 128 KiB above it: about 1 MiB less with 100 idle modules
// (docs/benchmarks.md, "Idle daemon", fifth pass).
export const DAEMON_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TOP_PAD_: '0' };
