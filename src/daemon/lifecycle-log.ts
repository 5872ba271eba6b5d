// Supervision verdicts in the daemon log at the level an operator filters on: a crash is a
// warning (the node restarts the module), a quarantine an error (it stays down until released).
import type { Logger } from '../log/logger.js';
import type { NodeEventListener } from './event-hub.js';

export function lifecycleLog(log: Logger): NodeEventListener {
  return (type, payload) => {
    if (type === 'ModuleCrashed') {
      const { module_name, reason, code, signal, uptime_ms, restarts } = payload;
      log.warn('module crashed', { module: module_name, reason, code, signal, uptime_ms, restarts });
    } else if (type === 'ModuleQuarantined') {
      log.error('module quarantined: release it with blvm module release', { module: payload.module_name, reason: payload.reason });
    }
  };
}
