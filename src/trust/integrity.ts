// Compares the module on disk with its [binary] section and names every file that differs.
import { errorText } from '../errors.js';
import type { LoadedManifest } from '../manifest/types.js';
import { shortHash } from './hash.js';
import { computeBinaryHash } from './binary.js';
import { listTreeFiles, treeHashOf } from './tree.js';

async function entryPointProblems(loaded: LoadedManifest): Promise<string[]> {
  const { entry_point: entry, binary } = loaded.manifest;
  if (binary === undefined) return [];
  try {
    const actual = await computeBinaryHash(loaded.dir, entry);
    const problems: string[] = [];
    if (actual.hash !== binary.hash) {
      problems.push(`entry point ${entry}: hash mismatch (manifest ${shortHash(binary.hash)}, actual ${shortHash(actual.hash)})`);
    }
    if (actual.size !== binary.size) {
      problems.push(`entry point ${entry}: size mismatch (manifest ${binary.size} bytes, actual ${actual.size} bytes)`);
    }
    return problems;
  } catch (error) {
    return [errorText(error)];
  }
}

async function treeProblems(loaded: LoadedManifest): Promise<string[]> {
  const binary = loaded.manifest.binary;
  if (binary === undefined) return [];
  let actual: Record<string, string>;
  try {
    actual = await listTreeFiles(loaded.dir, loaded.manifest.entry_point);
  } catch (error) {
    return [errorText(error)];
  }
  const listed = binary.files;
  if (listed === undefined || binary.tree_hash === undefined) return uncoveredProblems(actual);
  const problems: string[] = [];
  for (const path of Object.keys(listed)) {
    if (!Object.hasOwn(actual, path)) problems.push(`file removed: ${path}`);
    else if (actual[path] !== listed[path]) problems.push(`tree hash mismatch: ${path} changed`);
  }
  for (const path of Object.keys(actual)) {
    if (!Object.hasOwn(listed, path)) problems.push(`file added: ${path}`);
  }
  const listingHash = treeHashOf(listed);
  if (listingHash !== binary.tree_hash) {
    problems.push(`binary.tree_hash does not match binary.files (manifest ${shortHash(binary.tree_hash)}, listing ${shortHash(listingHash)})`);
  }
  return problems;
}

// Only the entry point is hashed: any other file would run unverified, so each one is refused.
function uncoveredProblems(actual: Record<string, string>): string[] {
  return Object.keys(actual).map(
    (path) => `file ${path} is not covered by [binary]: only the entry point is hashed (remove the file, or sign with tree_hash and files to cover it)`,
  );
}

/** Every integrity problem of a loaded module, each naming the file; [] when intact. */
export async function checkIntegrity(loaded: LoadedManifest): Promise<string[]> {
  if (loaded.manifest.binary === undefined) return ['[binary] is missing: the module has no integrity hashes (run `blvm module sign`)'];
  const [entry, tree] = await Promise.all([entryPointProblems(loaded), treeProblems(loaded)]);
  return [...entry, ...tree];
}
