// Runs a chaos scenario against a live node: each fault injected, then watched until the
// module is healthy again (or quarantined, or out of time), and the recovery report built.
import { controlCall } from '../control/control-client.js';
import type { FaultAck } from './fault-service.js';
import { measureRecovery } from './measure.js';
import { killDaemonAndRestart } from './node-kill.js';
import { countOrphans } from './orphans.js';
import { NodeObserver, sleep } from './observe.js';
import { buildReport, injectionLine, type InjectionResult, type RecoveryReport } from './report.js';
import type { FaultSpec, Scenario } from './scenario.js';
import { missedByDurableSubscribers } from './durable-check.js';

export interface RunOptions {
  socketPath: string;
  /** The config file the node runs with, for node-kill (the node is started again with it). */
  configFile: string;
  dataDir: string;
  progress?: (line: string) => void;
}

const POLL_MS = 50;

async function waitHealthy(observer: NodeObserver, module: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = await observer.module(module);
    if (m.state === 'monitoring.healthy') return true;
    if (m.phase === 'quarantined') return false;
    await sleep(POLL_MS);
  }
  return false;
}

async function injectOnce(observer: NodeObserver, fault: FaultSpec): Promise<InjectionResult> {
  const module = fault.module!;
  await waitHealthy(observer, module, fault.settle);
  await observer.recordGroups();
  const before = await observer.module(module);
  const ack = (await controlCall(observer.socketPath, 'injectfault', {
    module,
    kind: fault.kind,
    signal: fault.signal,
    duration: fault.duration,
    starts: fault.starts,
  })) as FaultAck;
  const deadline = ack.injected_at + fault.settle + (fault.kind === 'hang' || fault.kind === 'slow-start' ? fault.duration : 0);
  let measured = measureRecovery([], ack.injected_at);
  let after = before;
  // A hang shorter than the ping budget may pass unnoticed: the module then simply answers again.
  const quietUntil = ack.injected_at + (fault.kind === 'hang' ? fault.duration + 3000 : 0);
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    after = await observer.module(module);
    measured = measureRecovery(await observer.transitionsSince(module, ack.injected_at), ack.injected_at);
    if (measured.recoverMs !== null || after.phase === 'quarantined') break;
    if (measured.detectMs === null && Date.now() > quietUntil && fault.kind === 'hang' && after.state === 'monitoring.healthy') {
      measured = { detectMs: null, recoverMs: fault.duration };
      break;
    }
  }
  await observer.recordGroups();
  return {
    kind: fault.kind,
    module,
    injectedAt: ack.injected_at,
    detectMs: measured.detectMs,
    recoverMs: measured.recoverMs,
    restarts: after.restarts - before.restarts,
    quarantined: after.phase === 'quarantined',
  };
}

export async function runScenario(scenario: Scenario, opts: RunOptions): Promise<RecoveryReport> {
  const observer = new NodeObserver(opts.socketPath);
  const results: InjectionResult[] = [];
  for (const fault of scenario.faults) {
    for (let i = 0; i < fault.count; i++) {
      const started = Date.now();
      const result =
        fault.kind === 'node-kill'
          ? await killDaemonAndRestart(observer, { configFile: opts.configFile, dataDir: opts.dataDir, settle: fault.settle })
          : await injectOnce(observer, fault);
      results.push(result);
      opts.progress?.(injectionLine(result, i + 1));
      const wait = fault.every - (Date.now() - started);
      if (i + 1 < fault.count && wait > 0) await sleep(wait);
    }
  }
  const lost = await missedByDurableSubscribers(opts.socketPath, scenario.faults.map((f) => f.settle).reduce((a, b) => Math.max(a, b), 0));
  const orphans = await countOrphans(observer);
  return buildReport(scenario.name, results, lost, orphans, scenario.slo);
}
