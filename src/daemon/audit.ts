// Audit lines for operator actions (inspector buttons, control socket commands): written to
// the daemon log and published as an `OperatorAction` node event, so the inspector's event log
// and `blvm events` show who asked for what.
import type { Logger } from '../log/logger.js';
import type { NodeEvents } from './services.js';

export interface AuditedAction {
  /** What was asked: start, stop, restart, reload, release, load, shutdown. */
  action: string;
  /** The module acted on; null for node-wide actions (shutdown). */
  module: string | null;
  /** The surface: "inspector" or "control socket". */
  via: string;
  /** Where from: the inspector client's address, the control connection. */
  from: string;
}

export type Audit = (entry: AuditedAction) => void;

export function createAudit(log: Logger, events: NodeEvents): Audit {
  return (entry) => {
    const target = entry.module === null ? 'the node' : `module ${entry.module}`;
    log.info(`audit: ${entry.action} ${target} via ${entry.via} from ${entry.from}`, { audit: true, ...entry });
    events.publish('OperatorAction', { action: entry.action, module: entry.module, via: entry.via, from: entry.from });
  };
}
