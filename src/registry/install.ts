// `blvm module install NAME[@RANGE]`: resolve, stage and verify the module and its missing
// dependencies, move them into the modules dir all at once, then hot-load them (dependencies
// first) into the running node, if one is running.
import semver from 'semver';
import { BlvmError } from '../errors.js';
import { checkFree, moveIntoPlace } from './commit.js';
import { listInstalled } from './installed.js';
import { NodeLink } from './node-link.js';
import { pickVersion, Resolver, type ResolvedStep } from './resolve.js';
import { describeIndex, type RegistrySession } from './session.js';
import { stageAll } from './stage-all.js';

export interface InstallReport {
  /** Modules moved into the modules dir, dependencies first (empty when already installed). */
  installed: { name: string; version: string; dir: string }[];
  /** Phase each one reached in the running node; absent when no node runs. */
  loaded?: { name: string; phase: string }[];
}

function planLine(steps: ResolvedStep[]): string {
  const target = steps[steps.length - 1];
  const deps = steps.slice(0, -1).map((s) => `${s.name} ${s.version} (${s.range}, required by ${s.requiredBy})`);
  return `installing ${target.name} ${target.version}${deps.length ? ` with ${deps.length === 1 ? 'its dependency' : 'dependencies'} ${deps.join(', ')}` : ''}`;
}

/** Hot-loads freshly installed modules in order; throws naming the first one that does not run. */
export async function hotLoad(link: NodeLink, names: string[], say: (line: string) => void): Promise<{ name: string; phase: string }[]> {
  const loaded: { name: string; phase: string }[] = [];
  for (const name of names) {
    const result = await link.command('loadmodule', name).catch((error: unknown) => {
      throw new BlvmError('conflict', `${name} is installed, but the running node did not load it: ${(error as Error).message}`, { cause: error });
    });
    const outcome = result.phase === 'monitoring' ? { ok: true, phase: result.phase, reason: '' } : await link.waitRunning(name);
    if (!outcome.ok) {
      throw new BlvmError('conflict', `${name} is installed, but the running node did not start it: ${outcome.reason} (see blvm module info ${name}; remove it with blvm module remove ${name})`);
    }
    say(`loaded ${name} into the running node: ${outcome.phase}`);
    loaded.push({ name, phase: outcome.phase });
  }
  return loaded;
}

export async function installModule(session: RegistrySession, name: string, range: string): Promise<InstallReport> {
  const { config, verified, out } = session;
  out.say(describeIndex(verified));
  const installed = await listInstalled(config);
  const have = installed.get(name);
  if (have !== undefined) {
    if (have.version !== null && semver.satisfies(have.version, range)) {
      out.say(`${name} ${have.version} is already installed in ${have.dir}`);
      return { installed: [] };
    }
    throw new BlvmError('conflict', `${name} ${have.version ?? '(unreadable)'} is installed in ${have.dir} and does not satisfy ${range}; use blvm module upgrade ${name}`);
  }
  const resolver = new Resolver(verified.index, installed);
  resolver.add(pickVersion(verified.index, name, range, null), range, null);
  const steps = resolver.steps;
  for (const step of steps) await checkFree(config.modules.modules_dir, step.name);
  out.say(planLine(steps));
  const staging = await stageAll(session, steps);
  let dirs: string[];
  try {
    dirs = await moveIntoPlace(staging.modules, config.modules.modules_dir);
  } finally {
    await staging.discard();
  }
  const report: InstallReport = { installed: steps.map((s, i) => ({ name: s.name, version: s.version, dir: dirs[i] })) };
  for (const m of report.installed) out.say(`installed ${m.name} ${m.version} in ${m.dir}`);
  const link = await NodeLink.connect(config);
  if (link === null) {
    out.say('no node is running: the installed modules load with the next blvm start');
    return report;
  }
  report.loaded = await hotLoad(link, steps.map((s) => s.name), out.say);
  return report;
}
