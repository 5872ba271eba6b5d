// The one version rule of manifests, the registry index and the command line: a semantic
// version written exactly as semver prints it ("1.2.3", never "v1.2.3", " 1.2.3 " or "=1.2.3").
import semver from 'semver';

/** Why `value` is not a strict semantic version (suggesting the strict spelling), or undefined. */
export function versionProblem(value: string): string | undefined {
  if (semver.valid(value) === value) return undefined;
  const strict = semver.valid(value) ?? semver.valid(value.trim());
  if (strict !== null) return `${JSON.stringify(value)} is not a strict semantic version: write "${strict}"`;
  return `${JSON.stringify(value)} is not a valid semantic version (e.g. "1.2.3")`;
}
