// A hidden staging directory next to the modules dir: artifacts are unpacked and verified
// there exactly as the node verifies a module (verifyModule), and only a module that passes
// every check is ever renamed into the modules dir. discard() leaves nothing behind.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeConfig } from '../config/types.js';
import { BlvmError } from '../errors.js';
import { canonicalJson } from '../trust/canonical.js';
import { verifyModule, type VerificationReport } from '../trust/verify-module.js';
import { fetchArtifact, type ArtifactSource, type FetchedArtifact } from './download.js';
import { scratchPath } from './paths.js';
import type { ResolvedStep } from './resolve.js';
import { unpackArchive } from './tar-unpack.js';

export interface StagedModule {
  step: ResolvedStep;
  /** The unpacked, verified module directory inside the staging root. */
  dir: string;
  report: VerificationReport;
  artifact: FetchedArtifact;
}

function verificationError(step: ResolvedStep, url: URL, report: VerificationReport): BlvmError {
  const code = report.signatures.ok ? 'integrity_failed' : 'signature_failed';
  const shown = report.problems.slice(0, 3).join('; ') || 'unknown problem';
  const more = report.problems.length > 3 ? `; and ${report.problems.length - 3} more:` : '';
  return new BlvmError(code, `${step.name} ${step.version} (${url.href}) failed verification: ${shown}${more}`, {
    details: more ? report.problems : [],
  });
}

export class Staging {
  readonly modules: StagedModule[] = [];

  private constructor(
    readonly root: string,
    private readonly config: NodeConfig,
  ) {}

  static async create(config: NodeConfig): Promise<Staging> {
    const root = scratchPath(config, 'staging');
    await mkdir(root, { recursive: true, mode: 0o700 });
    return new Staging(root, config);
  }

  /** Downloads (or reads from the cache), unpacks and verifies one module. */
  async stage(step: ResolvedStep, source: ArtifactSource): Promise<StagedModule> {
    const artifact = await fetchArtifact(step.entry, source);
    const dir = join(this.root, step.name);
    await unpackArchive(artifact.bytes, dir, `artifact ${artifact.url.href}`);
    const report = await verifyModule(dir, this.config);
    if (!report.ok) throw verificationError(step, artifact.url, report);
    if (report.manifest === undefined || canonicalJson(report.manifest) !== canonicalJson(step.entry.manifest)) {
      throw new BlvmError('integrity_failed', `artifact ${artifact.url.href}: its module.toml differs from the manifest of ${step.name} ${step.version} in the signed index`);
    }
    const staged = { step, dir, report, artifact };
    this.modules.push(staged);
    return staged;
  }

  async discard(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
