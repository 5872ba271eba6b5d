// The node-kill fault: SIGKILL the daemon itself, start it again in the background with the
// same config, and measure until every module that was healthy is healthy again.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { controlCall } from '../control/control-client.js';
import { BlvmError } from '../errors.js';
import type { NodeStatus } from '../supervision/status-types.js';
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from '../daemon/daemon-node-flags.js';
import { PACKAGE_ROOT } from '../version.js';
import type { NodeObserver } from './observe.js';
import { sleep } from './observe.js';
import type { InjectionResult } from './report.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts `blvm start` detached; its output goes to data/chaos-node.log. */
export function startDetachedDaemon(configFile: string, dataDir: string): number {
  const out = openSync(join(dataDir, 'chaos-node.log'), 'a');
  try {
    const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, join(PACKAGE_ROOT, 'bin', 'blvm.js'), 'start', '--config', configFile], {
      detached: true,
      env: { ...process.env, ...DAEMON_ENV },
      stdio: ['ignore', out, out],
    });
    child.unref();
    if (child.pid === undefined) throw new BlvmError('unavailable', 'could not start blvm again after node-kill');
    return child.pid;
  } finally {
    closeSync(out);
  }
}

async function status(socketPath: string): Promise<NodeStatus | null> {
  return (controlCall(socketPath, 'getnodestatus', {}, { timeoutMs: 2000 }) as Promise<NodeStatus>).catch(() => null);
}

export async function killDaemonAndRestart(
  observer: NodeObserver,
  opts: { configFile: string; dataDir: string; settle: number },
): Promise<InjectionResult> {
  const before = await status(observer.socketPath);
  if (!before) throw new BlvmError('unavailable', 'node-kill: no blvm daemon answers on ' + observer.socketPath);
  const healthy = before.modules.filter((m) => m.state === 'monitoring.healthy').map((m) => m.name);
  await observer.recordGroups();
  const injectedAt = Date.now();
  process.kill(before.node.pid, 'SIGKILL');
  while (alive(before.node.pid) && Date.now() - injectedAt < 5000) await sleep(20);
  startDetachedDaemon(opts.configFile, opts.dataDir);
  let detectMs: number | null = null;
  let recoverMs: number | null = null;
  let restarts = 0;
  let quarantined = false;
  while (Date.now() - injectedAt < opts.settle) {
    await sleep(50);
    const now = await status(observer.socketPath);
    if (!now || now.node.pid === before.node.pid) continue;
    detectMs ??= Date.now() - injectedAt;
    const back = healthy.filter((name) => now.modules.find((m) => m.name === name)?.state === 'monitoring.healthy');
    quarantined = now.modules.some((m) => healthy.includes(m.name) && m.phase === 'quarantined');
    if (back.length === healthy.length) {
      recoverMs = Date.now() - injectedAt;
      restarts = healthy.length;
      await observer.recordGroups();
      break;
    }
  }
  return { kind: 'node-kill', module: null, injectedAt, detectMs, recoverMs, restarts, quarantined };
}
