// Cross-field checks, run once every key has been validated on its own. A check stays
// quiet when one of its inputs was already rejected (no misleading follow-up errors).
import type { NodeConfig, SupervisionPolicy, Threshold, TrustedKey } from './types.js';
import { formatDuration } from './durations.js';
import { keyPath, type Problems } from './problems.js';
import { developmentKeysIn } from '../trust/development-keys.js';

/** Room an event envelope needs in a frame around the event's data. */
export const EVENT_ENVELOPE_ROOM = 1024;

function checkBackoff(policy: Partial<SupervisionPolicy>, effective: SupervisionPolicy, table: string[], problems: Problems): void {
  const key = policy.initial_delay !== undefined ? 'initial_delay' : 'max_delay';
  if (policy.initial_delay === undefined && policy.max_delay === undefined) return;
  if (!problems.ok(keyPath(table, 'initial_delay')) || !problems.ok(keyPath(table, 'max_delay'))) return;
  if (effective.initial_delay > effective.max_delay) {
    problems.add(
      keyPath(table, key),
      `initial_delay (${formatDuration(effective.initial_delay)}) must not exceed max_delay (${formatDuration(effective.max_delay)})`,
    );
  }
}

function checkKeyCount(keys: TrustedKey[], threshold: Threshold, path: string, listName: string, problems: Problems): void {
  if (keys.length === 0 || keys.length >= threshold.m) return;
  problems.add(path, `requires ${threshold.m} signatures but ${listName} lists only ${keys.length} key(s), so nothing could ever verify`);
}

// Mainnet and testnet never trust the keys whose private halves are public, unless told to.
function checkDevelopmentKeys(config: NodeConfig, problems: Problems): void {
  const { network } = config.node;
  if (network === 'regtest' || config.security.allow_development_keys || !problems.ok('[node].network')) return;
  const lists = [
    ['[security].trusted_maintainers', config.security.trusted_maintainers],
    ['[registry].trusted_keys', config.registry.trusted_keys],
  ] as const;
  for (const [path, keys] of lists) {
    const dev = developmentKeysIn(keys).map((k) => `${k.name} (${k.public_key.slice(0, 12)}…)`);
    if (dev.length === 0 || !problems.ok(path)) continue;
    problems.add(
      path,
      `trusts the published development key(s) ${dev.join(', ')} on ${network}: their private keys are committed in test/fixtures/keys/, so anyone can sign with them; ` +
        'replace them with your own keys (blvm keygen), or accept the risk with [security] allow_development_keys = true',
    );
  }
}

// A budget smaller than one frame would refuse every frame of that size, however idle the node.
function checkIpcBudgets(ipc: NodeConfig['ipc'], problems: Problems): void {
  const path = (key: string) => keyPath(['ipc'], key);
  if (problems.ok(path('max_buffered_input')) && problems.ok(path('max_frame')) && ipc.max_buffered_input < ipc.max_frame) {
    problems.add(path('max_buffered_input'), `must be at least max_frame (${ipc.max_frame} bytes), got ${ipc.max_buffered_input} bytes`);
  }
  if (
    problems.ok(path('max_pending_connections')) &&
    problems.ok(path('max_connections')) &&
    ipc.max_pending_connections > ipc.max_connections
  ) {
    problems.add(
      path('max_pending_connections'),
      `must not exceed max_connections (${ipc.max_connections}), got ${ipc.max_pending_connections}`,
    );
  }
}

export function checkConfig(config: NodeConfig, problems: Problems): void {
  checkDevelopmentKeys(config, problems);
  checkBackoff(config.supervision, config.supervision, ['supervision'], problems);
  for (const [name, override] of Object.entries(config.modules.overrides)) {
    checkBackoff(override.restart, { ...config.supervision, ...override.restart }, ['modules', name, 'restart'], problems);
  }

  const disabled = new Set(config.modules.disabled_modules);
  for (const name of config.modules.enabled_modules) {
    if (disabled.has(name)) problems.add(keyPath(['modules'], 'enabled_modules'), `"${name}" is also listed in disabled_modules`);
  }

  checkIpcBudgets(config.ipc, problems);
  const { store, ipc } = config;
  if (problems.ok('[store].max_event_payload') && problems.ok('[store].retention_event_bytes') && store.max_event_payload > store.retention_event_bytes) {
    problems.add('[store].max_event_payload', `${store.max_event_payload} bytes exceeds [store] retention_event_bytes (${store.retention_event_bytes}): one event would not fit in the event log`);
  }
  if (problems.ok('[store].max_event_payload') && problems.ok('[ipc].max_frame') && store.max_event_payload > ipc.max_frame - EVENT_ENVELOPE_ROOM) {
    problems.add('[store].max_event_payload', `${store.max_event_payload} bytes does not fit in one frame of [ipc] max_frame (${ipc.max_frame}) with ${EVENT_ENVELOPE_ROOM} bytes of envelope`);
  }

  const { security, registry } = config;
  if (security.require_signatures && problems.ok('[security].signature_threshold') && problems.ok('[security].trusted_maintainers')) {
    checkKeyCount(security.trusted_maintainers, security.signature_threshold, '[security].signature_threshold', 'trusted_maintainers', problems);
  }
  if (problems.ok('[registry].threshold') && problems.ok('[registry].trusted_keys')) {
    checkKeyCount(registry.trusted_keys, registry.threshold, '[registry].threshold', 'trusted_keys', problems);
  }
}
