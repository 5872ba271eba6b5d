// Shared pieces of the inspector's end-to-end tests.
import type { IsolatedNode } from '../../../src/testing/isolated-node.js';
import type { InspectorInfo } from '../../../src/inspector/inspector-service.js';

/** What `blvm inspect --json` says about the node's inspector. */
export async function inspectorInfo(node: IsolatedNode): Promise<InspectorInfo> {
  const result = await node.cli(['inspect', '--json']);
  if (result.exitCode !== 0) throw new Error(`blvm inspect failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as InspectorInfo;
}

/** Supervision that quarantines a crash-looping module within a second or two. */
export const QUICK_QUARANTINE = `[supervision]
initial_delay = "100ms"
max_delay = "300ms"
max_crashes = 2
ready_timeout = "5s"
ping_interval = "500ms"
max_missed_pings = 3
stop_grace = "2s"
kill_grace = "1s"
`;
