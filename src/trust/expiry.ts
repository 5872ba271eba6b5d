import type { Manifest } from '../manifest/types.js';

/** Why the manifest is no longer valid at `now`, or undefined while it is. */
export function expiryProblem(manifest: Manifest, now: Date): string | undefined {
  if (manifest.expires === undefined) return undefined;
  const at = Date.parse(manifest.expires.replace(' ', 'T'));
  if (Number.isNaN(at)) return `expires: ${JSON.stringify(manifest.expires)} is not a date-time`;
  return at <= now.getTime() ? `manifest expired at ${manifest.expires} (now ${now.toISOString()})` : undefined;
}
