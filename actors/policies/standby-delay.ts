// When a dead standby (warm spare) is replaced: at once the first time, then doubling, so a
// spare that keeps dying cannot make the node spin.

/** Longest wait before a new spare is started. */
export const STANDBY_MAX_DELAY = 30_000;
/** Wait after the second death in a row; doubled for every further one. */
export const STANDBY_BASE_DELAY = 250;

/** Delay before the replacement after `deaths` spares died in a row (1 = the first). */
export function standbyDelay(deaths: number): number {
  if (deaths <= 1) return 0;
  return Math.min(STANDBY_MAX_DELAY, STANDBY_BASE_DELAY * 2 ** (deaths - 2));
}

/** Deaths in a row counting this one: a spare that lived `resetAfter` or longer starts the count again. */
export function standbyDeaths(previous: number, uptimeMs: number, resetAfter: number): number {
  return uptimeMs >= resetAfter ? 1 : previous + 1;
}
