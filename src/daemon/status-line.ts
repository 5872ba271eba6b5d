// One line summing up the node for systemd's STATUS= (shown by `systemctl status blvm`).
import type { NodeStatus } from '../supervision/status-types.js';

export function statusLine(status: NodeStatus): string {
  const counts = new Map<string, number>();
  for (const m of status.modules) counts.set(m.phase, (counts.get(m.phase) ?? 0) + 1);
  const phases = [...counts].map(([phase, n]) => `${n} ${phase}`).join(', ');
  return `${status.node.status}: ${status.modules.length} module${status.modules.length === 1 ? '' : 's'}${phases ? ` (${phases})` : ''}`;
}
