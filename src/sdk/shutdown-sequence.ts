// What a module does on its way out: the author's shutdown handlers, then the acks still
// owed to durable subscriptions, then its databases closed; all bounded by one deadline.
import { errorText } from '../errors.js';
import type { EventSubscription } from './event-subscription.js';

export type ShutdownHandler = (reason: string) => void | Promise<void>;

export interface ShutdownWork {
  handlers: ShutdownHandler[];
  durable: EventSubscription[];
  databases: { close(): Promise<void> }[];
  timeoutMs: number;
}

export async function finishModule(reason: string, work: ShutdownWork): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      process.stderr.write(`blvm: shutdown handlers still running after ${work.timeoutMs} ms\n`);
      resolve();
    }, work.timeoutMs);
  });
  const steps = (async () => {
    const results = await Promise.allSettled(work.handlers.map(async (handler) => handler(reason)));
    for (const r of results) if (r.status === 'rejected') process.stderr.write(`blvm: shutdown handler failed: ${errorText(r.reason)}\n`);
    await Promise.allSettled(work.durable.map((sub) => sub.acked()));
    await Promise.allSettled(work.databases.map((db) => db.close()));
  })();
  await Promise.race([steps, deadline]);
  clearTimeout(timer);
}
