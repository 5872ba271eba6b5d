// What differs between the running config and a freshly read blvm.toml, and which of it the
// daemon can apply without a restart: which modules run, their [modules.<name>] tables, trust
// ([security]), supervision and limits. Everything else (data dir and socket paths, listen
// addresses, IPC, store, logs, sandbox, governance) takes effect only at the next start.
import type { NodeConfig } from './types.js';

export interface ConfigChanges {
  /** One line per changed key that applies now. */
  applied: string[];
  /** One line per changed key that needs a daemon restart. */
  restartNeeded: string[];
  /** Modules whose [modules.<name>] table changed, appeared or went away. */
  overrides: string[];
  /** [modules] enabled_modules or disabled_modules changed. */
  moduleLists: boolean;
  /** [security] changed: every module is verified again. */
  trust: boolean;
  /** [supervision] or [limits] changed. */
  policy: boolean;
}

type Section = Exclude<keyof NodeConfig, 'file' | 'dir'>;

const LIVE_SECTIONS: Section[] = ['security', 'supervision', 'limits'];
const LIVE_MODULE_KEYS = ['enabled_modules', 'disabled_modules'];
/** Read from the file by each CLI command, never by the daemon. */
const CLI_SECTIONS: Section[] = ['registry'];

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'unset';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

function keyChanges(section: string, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => `[${section}] ${key}: ${show(before[key])} -> ${show(after[key])}`);
}

export function configChanges(running: NodeConfig, fresh: NodeConfig): ConfigChanges {
  const changes: ConfigChanges = { applied: [], restartNeeded: [], overrides: [], moduleLists: false, trust: false, policy: false };
  const sections = Object.keys(fresh).filter((s) => s !== 'file' && s !== 'dir') as Section[];
  for (const section of sections) {
    const before = running[section] as unknown as Record<string, unknown>;
    const after = fresh[section] as unknown as Record<string, unknown>;
    if (section === 'modules') {
      const { overrides: o1, ...rest1 } = running.modules;
      const { overrides: o2, ...rest2 } = fresh.modules;
      for (const line of keyChanges('modules', rest1, rest2)) {
        const live = LIVE_MODULE_KEYS.some((key) => line.startsWith(`[modules] ${key}:`));
        (live ? changes.applied : changes.restartNeeded).push(line);
        if (live) changes.moduleLists = true;
      }
      changes.overrides = [...new Set([...Object.keys(o1), ...Object.keys(o2)])]
        .filter((name) => JSON.stringify(o1[name]) !== JSON.stringify(o2[name]))
        .sort();
      for (const name of changes.overrides) changes.applied.push(`[modules.${name}] changed`);
      continue;
    }
    const lines = keyChanges(section, before, after);
    if (lines.length === 0) continue;
    if (LIVE_SECTIONS.includes(section) || CLI_SECTIONS.includes(section)) changes.applied.push(...lines);
    else changes.restartNeeded.push(...lines);
    if (section === 'security') changes.trust = true;
    if (section === 'supervision' || section === 'limits') changes.policy = true;
  }
  return changes;
}

/** Takes over, in place, every setting that applies without a restart (services hold this object). */
export function adoptLiveSettings(running: NodeConfig, fresh: NodeConfig): void {
  running.modules.enabled_modules = fresh.modules.enabled_modules;
  running.modules.disabled_modules = fresh.modules.disabled_modules;
  running.modules.overrides = fresh.modules.overrides;
  for (const section of [...LIVE_SECTIONS, ...CLI_SECTIONS]) (running as unknown as Record<string, unknown>)[section] = fresh[section];
}
