// `blvm module migrate`: rewrites module.toml from one form into the other without re-hashing
// or re-signing. Both forms sign the same canonical bytes, so every signature stays valid; the
// rewrite is refused if that would not hold.
import { BlvmError } from '../errors.js';
import { loadManifest } from '../manifest/load-manifest.js';
import { declaredThreshold, manifestForm, signatureEntries, type ManifestForm } from '../manifest/manifest-form.js';
import { parseManifest } from '../manifest/parse.js';
import { appendSignedSections, stripSignedSections } from '../manifest/rewrite.js';
import type { BinaryInfo } from '../manifest/types.js';
import { canonicalManifestBytes } from './canonical.js';
import { replaceManifestFile } from './manifest-file.js';
import { treeHashOf } from './tree.js';

export interface MigrateResult {
  file: string;
  from: ManifestForm;
  to: ManifestForm;
  /** Signatures carried over unchanged. */
  signatures: number;
}

// The same meaning in the target form: an empty listing is spelled out in blvm's form and left
// out in the reference form.
function binaryIn(form: ManifestForm, binary: BinaryInfo): BinaryInfo {
  const empty = binary.files === undefined || Object.keys(binary.files).length === 0;
  if (form === 'reference') return empty ? { hash: binary.hash, size: binary.size } : binary;
  return empty ? { hash: binary.hash, size: binary.size, tree_hash: treeHashOf({}), files: {} } : binary;
}

/** Converts DIR/module.toml to `to` (default: the other form). */
export async function migrateManifest(dir: string, to?: ManifestForm): Promise<MigrateResult> {
  const loaded = await loadManifest(dir);
  const from = manifestForm(loaded.manifest);
  const target = to ?? (from === 'reference' ? 'blvm' : 'reference');
  const { binary } = loaded.manifest;
  if (binary === undefined) {
    throw new BlvmError('usage', `${loaded.file}: has no [binary] section yet; sign it with \`blvm module sign --format ${target}\` instead`);
  }
  const signatures = signatureEntries(loaded.manifest);
  const stripped = stripSignedSections(loaded.text, loaded.file);
  const text = appendSignedSections(stripped, binaryIn(target, binary), signatures, { form: target, threshold: declaredThreshold(loaded.manifest) });
  const migrated = parseManifest(text, loaded.file);
  if (!canonicalManifestBytes(migrated).equals(canonicalManifestBytes(loaded.manifest))) {
    throw new BlvmError('internal', `${loaded.file}: the ${target} form would not sign the same content; nothing was changed`);
  }
  await replaceManifestFile(loaded.file, text);
  return { file: loaded.file, from, to: target, signatures: signatures.length };
}
