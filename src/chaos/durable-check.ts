// Client side of the lost-event check: waits (bounded) for durable subscribers to catch up,
// then counts what they still have not acknowledged.
import { controlCall } from '../control/control-client.js';
import type { DurableBacklog } from './durable-backlog.js';
import { sleep } from './observe.js';

export async function missedByDurableSubscribers(socketPath: string, settleMs: number): Promise<number> {
  const deadline = Date.now() + settleMs;
  let pending = 0;
  for (;;) {
    const backlogs = (await controlCall(socketPath, 'getdurablebacklog')) as DurableBacklog[];
    pending = backlogs.reduce((sum, b) => sum + b.pending, 0);
    if (pending === 0 || Date.now() > deadline) return pending;
    await sleep(200);
  }
}
