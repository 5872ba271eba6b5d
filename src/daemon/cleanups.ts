// What a daemon service undoes when it stops (or fails half-way through starting).

export type Cleanup = () => void | Promise<void>;

/** Runs and forgets every cleanup, newest first. */
export async function runCleanups(cleanups: Cleanup[]): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn();
}
