// What every registry client command starts from: the config, the verified index, the
// artifact cache and where to report progress.
import type { NodeConfig } from '../config/types.js';
import { ArtifactCache } from './cache.js';
import type { ArtifactSource } from './download.js';
import { fetchVerifiedIndex, type VerifiedIndex } from './fetch-index.js';
import { registryCacheDir } from './paths.js';
import { progressBar } from './progress-bar.js';

export interface SessionOutput {
  /** One line of normal output (no trailing newline). */
  say: (line: string) => void;
  /** Raw writes of the progress bar. */
  progress: (text: string) => void;
  /** Whether progress may be drawn (stderr is a terminal). */
  tty: boolean;
  /** One warning line (no trailing newline); defaults to `say`. */
  warn?: (line: string) => void;
}

export interface RegistrySession {
  config: NodeConfig;
  verified: VerifiedIndex;
  source: ArtifactSource;
  out: SessionOutput;
}

export async function openSession(config: NodeConfig, out: SessionOutput, opts: { now?: Date } = {}): Promise<RegistrySession> {
  const verified = await fetchVerifiedIndex(config, opts);
  for (const line of verified.index.skipped) (out.warn ?? out.say)(`warning: ${line}`);
  const source: ArtifactSource = {
    base: verified.base,
    cache: new ArtifactCache(registryCacheDir(config), config.registry.cache_size),
    progress: (label) => progressBar(label, out.progress, out.tty),
    deadlineMs: config.registry.deadline,
  };
  return { config, verified, source, out };
}

/** "index version 4 of http://…/ signed by registry, expires …" */
export function describeIndex(verified: VerifiedIndex): string {
  const { signed } = verified.index;
  return `registry ${verified.base.href}: index version ${signed.version}, signed by ${verified.signedBy.join(', ')}, expires ${signed.expires}`;
}

/** Lines on stdout; the progress bar on stderr, only when stderr is a terminal. */
export function lineOutput(stdout: (s: string) => void, stderr: (s: string) => void): SessionOutput {
  return { say: (line) => stdout(line + '\n'), progress: stderr, tty: Boolean(process.stderr.isTTY), warn: (line) => stderr(`blvm: ${line}\n`) };
}
