// Stages and verifies every module of a resolution before anything is moved: one failure
// discards the whole staging directory and nothing reaches the modules dir.
import type { ResolvedStep } from './resolve.js';
import type { RegistrySession } from './session.js';
import { Staging, type StagedModule } from './staging.js';

export function describeVerified(m: StagedModule): string {
  const s = m.report.signatures;
  const names = s.valid.map((v) => v.name).join(', ');
  const signatures = s.valid.length >= s.required ? `${s.valid.length} of ${s.required} maintainer signatures (${names || 'none required'})` : 'unsigned, allowed by [security]';
  const source = m.artifact.fromCache ? 'cache' : m.artifact.url.href;
  const files = m.report.integrity.checked ? 'hashes of every file' : 'no file hashes ([binary] missing, allowed unsigned)';
  return `verified ${m.step.name} ${m.step.version}: sha256 ${m.step.entry.sha256.slice(0, 12)}… (${m.step.entry.size} bytes, from ${source}), ${signatures}, ${files}`;
}

export async function stageAll(session: RegistrySession, steps: ResolvedStep[]): Promise<Staging> {
  const staging = await Staging.create(session.config);
  try {
    for (const step of steps) session.out.say(describeVerified(await staging.stage(step, session.source)));
    return staging;
  } catch (error) {
    await staging.discard();
    throw error;
  }
}
