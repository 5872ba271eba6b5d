// The two spellings of a signed manifest: blvm's own (`threshold` at the top, `[[signatures]]`
// entries) and the reference node's (a `[signatures]` table holding `threshold` and
// `maintainers`). Everything that reads signatures or the threshold goes through here.
import type { Manifest, ManifestSignature, ReferenceSignatures } from './types.js';

export const MANIFEST_FORMS = ['reference', 'blvm'] as const;
export type ManifestForm = (typeof MANIFEST_FORMS)[number];

export function isReferenceSignatures(value: Manifest['signatures']): value is ReferenceSignatures {
  return value !== undefined && !Array.isArray(value);
}

/** The form the manifest is written in; an unsigned manifest counts as blvm's own unless it has no tree hash. */
export function manifestForm(manifest: Manifest): ManifestForm {
  if (manifest.signatures !== undefined) return isReferenceSignatures(manifest.signatures) ? 'reference' : 'blvm';
  return manifest.binary !== undefined && manifest.binary.tree_hash === undefined ? 'reference' : 'blvm';
}

/** Every maintainer signature, whichever form carries them. */
export function signatureEntries(manifest: Manifest): ManifestSignature[] {
  const signatures = manifest.signatures;
  if (signatures === undefined) return [];
  return isReferenceSignatures(signatures) ? signatures.maintainers : signatures;
}

/** The manifest's own "M-of-N" (top-level in blvm's form, in [signatures] in the reference form). */
export function declaredThreshold(manifest: Manifest): string | undefined {
  return manifest.threshold ?? (isReferenceSignatures(manifest.signatures) ? manifest.signatures.threshold : undefined);
}
