import test from 'ava';
import { nodeWithProbes } from './helpers/probe.js';
import { processesUnder } from './helpers/processes.js';
import { sleep } from '../../src/testing/isolated-node.js';

const ROUNDS = Number(process.env.STRESS_ROUNDS ?? 52);
const PARALLEL = 4;

// Starting (slow-start), hanging (no pongs: ping-timeout restarts), crashing (backoff restarts)
// and stubborn (ignores shutdown and SIGTERM) modules, all sandboxed under bwrap when it is there.
const PROBES = {
  starting: { mode: 'slow-start', config: { delay_ms: 300 } },
  hanging: { mode: 'no-pong' },
  crashing: { mode: 'crash', config: { crash_after_ms: 50 } },
  stubborn: { mode: 'stubborn' },
};

const SUPERVISION = `[supervision]
initial_delay = "10ms"
max_delay = "50ms"
max_crashes = 1000
ready_timeout = "2s"
ping_interval = "100ms"
max_missed_pings = 2
stop_grace = "300ms"
kill_grace = "300ms"
`;

test(`graceful stop leaves no module process alive: ${ROUNDS} rounds of start → stop while modules start, hang and restart, sandbox on (issue 14)`, async (t) => {
  t.timeout(170_000);
  let round = 0;
  const leftovers: string[] = [];
  const unclean: string[] = [];
  const worker = async () => {
    const node = await nodeWithProbes(t, PROBES, { start: false, supervision: SUPERVISION, extraConfig: '[sandbox]\nmode = "auto"\n' });
    while (round < ROUNDS) {
      const mine = round++;
      await node.start();
      // Stop at a different point of the modules' lives each round: mid-start, mid-restart, hung.
      await sleep((mine * 37) % 400);
      const code = await node.stop();
      if (code !== 0) unclean.push(`round ${mine}: the daemon exited with ${String(code)} after: ${node.log().slice(-300)}`);
      const alive = processesUnder(node.root);
      if (alive.length > 0) leftovers.push(`round ${mine}: ${JSON.stringify(alive)}`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  t.log(`${ROUNDS} rounds, ${leftovers.length} with module processes left alive`);
  t.deepEqual(leftovers, []);
  t.deepEqual(unclean, [], 'every graceful stop ends with exit 0');
});
