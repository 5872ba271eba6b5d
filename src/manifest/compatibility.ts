// Whether this node can run the module: the "blvm-node" dependency range must admit the
// node's own version.
import semver from 'semver';
import { NODE_VERSION } from '../version.js';
import { NODE_DEPENDENCY, type Manifest } from './types.js';

export interface CompatibilityReport {
  ok: boolean;
  problems: string[];
}

export function checkCompatibility(manifest: Manifest, nodeVersion: string = NODE_VERSION): CompatibilityReport {
  const problems: string[] = [];
  for (const section of ['dependencies', 'optional_dependencies'] as const) {
    const range = manifest[section]?.[NODE_DEPENDENCY];
    if (range !== undefined && !semver.satisfies(nodeVersion, range)) {
      problems.push(`${section}.${NODE_DEPENDENCY}: requires blvm-node ${JSON.stringify(range)} but this node is ${nodeVersion}`);
    }
  }
  return { ok: problems.length === 0, problems };
}
