// `blvm reload` and SIGHUP: re-read blvm.toml, validate it (an invalid file changes nothing),
// take over what can change live and act on it: modules enabled or disabled are started or
// stopped, a changed [modules.<name>] table restarts just that module, changed trust settings
// re-verify every module (one that no longer verifies is reloaded, which refuses it), and
// changed supervision or limits reach each running module's next decision. Nothing else is
// touched; settings that need a restart are named.
import { adoptLiveSettings, configChanges } from '../config/config-changes.js';
import { loadConfig } from '../config/load-config.js';
import type { NodeConfig } from '../config/types.js';
import { isDisabled, type PlannedModule } from '../deps/plan.js';
import type { Logger } from '../log/logger.js';
import type { CommandOutcome, NodeRuntime } from './node-runtime.js';

export interface ReloadReport {
  file: string;
  loaded_at: string;
  /** Changed settings that apply now. */
  changed: string[];
  /** Changed settings that take effect at the next daemon start only. */
  restart_needed: string[];
  /** What the daemon did about them, one line per module. */
  actions: string[];
  /** Modules that did not end as intended (their line is also in `actions`). */
  failures: string[];
}

const DOWN = ['stopped', 'rejected', 'quarantined'];

export class ConfigReloader {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runtime: NodeRuntime,
    private readonly log: Logger,
  ) {}

  /** One reload at a time; a second request waits for the first. */
  reload(): Promise<ReloadReport> {
    const next = this.queue.then(() => this.apply());
    this.queue = next.catch(() => {});
    return next;
  }

  private async apply(): Promise<ReloadReport> {
    const config = this.runtime.config;
    const fresh = await loadConfig({ flag: config.file, cwd: config.dir });
    const changes = configChanges(config, fresh);
    const before: Pick<NodeConfig, 'modules'> = { modules: { ...config.modules } };
    adoptLiveSettings(config, fresh);
    this.runtime.configLoadedAt = Date.now();
    const report: ReloadReport = {
      file: config.file,
      loaded_at: new Date(this.runtime.configLoadedAt).toISOString(),
      changed: changes.applied,
      restart_needed: changes.restartNeeded,
      actions: [],
      failures: [],
    };
    this.log.info('configuration reloaded', { file: config.file, changed: changes.applied.length, restart_needed: changes.restartNeeded.length });
    for (const line of changes.restartNeeded) this.log.warn(`config change needs a restart: ${line}`);
    if (changes.moduleLists || changes.overrides.length > 0 || changes.trust) {
      await this.applyToModules(before, new Set(changes.overrides), changes.trust, report);
    }
    if (changes.policy) {
      for (const name of this.runtime.plannedNames()) {
        if (this.runtime.moduleActor(name) && !changes.overrides.includes(name)) this.runtime.adoptPolicy(name);
      }
    }
    return report;
  }

  private phaseOf(name: string): string | null {
    return this.runtime.moduleActor(name) ? this.runtime.moduleStatus(name).phase : null;
  }

  private async applyToModules(before: Pick<NodeConfig, 'modules'>, changedTables: Set<string>, trust: boolean, report: ReloadReport): Promise<void> {
    const plan = await this.runtime.plan();
    const byName = new Map(plan.modules.map((m) => [m.name, m]));
    const ordered = [...plan.order.map((n) => byName.get(n)!), ...plan.modules.filter((m) => !plan.order.includes(m.name))];
    // `expected`: the phases that mean success when it is not the command's own success.
    const run = async (line: string, work: () => Promise<CommandOutcome>, expected?: string[]) => {
      const outcome = await work().catch((error: Error) => ({ ok: false, message: error.message, phase: 'failed', name: '' }));
      report.actions.push(`${line}: ${outcome.message}`);
      if (!(expected ? expected.includes(outcome.phase) : outcome.ok)) report.failures.push(`${line}: ${outcome.message}`);
    };
    // Stops first, dependents before their dependencies.
    for (const m of [...ordered].reverse()) {
      const phase = this.phaseOf(m.name);
      this.runtime.notePlanned(m);
      if (phase === null || DOWN.includes(phase)) continue;
      if (m.verdict === 'disabled') await run(`module ${m.name} disabled (${m.reasons.join('; ')})`, () => this.runtime.command(m.name, 'stop'));
      else if (m.verdict === 'unloadable' && !m.report.ok) {
        await run(`module ${m.name} no longer verifies (${m.reasons.join('; ')})`, () => this.runtime.command(m.name, 'reload'), DOWN);
      }
    }
    for (const m of ordered) {
      if (m.verdict !== 'loadable') continue;
      const phase = this.phaseOf(m.name);
      const wasDisabled = isDisabled(m.name, before) !== null;
      if ((phase === null && (wasDisabled || trust)) || (phase === 'stopped' && wasDisabled)) {
        await run(`module ${m.name} enabled`, () => this.runtime.load(m.name));
      } else if (changedTables.has(m.name) && phase !== 'stopped') {
        await run(`module ${m.name}: [modules.${m.name}] changed, restarted`, () => this.runtime.command(m.name, 'reload'));
      } else if (trust && phase === 'rejected') {
        await run(`module ${m.name} verifies now`, () => this.runtime.command(m.name, 'reload'));
      }
    }
  }
}

/** The report as the CLI and the daemon log print it. */
export function formatReloadReport(report: ReloadReport): string {
  const section = (title: string, lines: string[]) => (lines.length === 0 ? '' : `${title}\n${lines.map((l) => `  ${l}\n`).join('')}`);
  const nothing = report.changed.length + report.restart_needed.length === 0 ? 'no changes\n' : '';
  return (
    `reloaded ${report.file} at ${report.loaded_at}\n${nothing}` +
    section('changed:', report.changed) +
    section('done:', report.actions) +
    section('needs a daemon restart (not applied):', report.restart_needed)
  );
}
