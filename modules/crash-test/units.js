// Reads "500ms"/"2s"/"1m" durations and "10MiB/s" rates from the module's config.
const MS = { ms: 1, s: 1000, m: 60_000 };
const BYTES = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

export function parseMs(value) {
  if (value === undefined || value === null || value === '') return null;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(String(value));
  if (!match) throw new Error(`crash-test: expected a duration like "2s", got ${JSON.stringify(value)}`);
  return Number(match[1]) * MS[match[2]];
}

export function parseRate(value) {
  if (value === undefined || value === null || value === '') return null;
  const match = /^(\d+(?:\.\d+)?)(B|KiB|MiB|GiB)\/s$/.exec(String(value));
  if (!match) throw new Error(`crash-test: expected a rate like "10MiB/s", got ${JSON.stringify(value)}`);
  return Number(match[1]) * BYTES[match[2]];
}
