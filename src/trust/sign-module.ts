// `blvm module sign`: recompute [binary], then add or replace this signer's signature, in
// blvm's form or the reference form, leaving the rest of module.toml as written. The file is
// replaced atomically.
import { loadManifest } from '../manifest/load-manifest.js';
import { declaredThreshold, manifestForm, signatureEntries, type ManifestForm } from '../manifest/manifest-form.js';
import { parseManifest } from '../manifest/parse.js';
import { appendSignedSections, stripSignedSections } from '../manifest/rewrite.js';
import type { BinaryInfo, ManifestSignature } from '../manifest/types.js';
import { computeBinarySection } from './binary.js';
import { manifestDigest } from './canonical.js';
import { publicKeyOf, signManifest } from './keys.js';
import { replaceManifestFile } from './manifest-file.js';
import { verifyDigest } from './secp.js';

export interface SignResult {
  file: string;
  form: ManifestForm;
  binary: BinaryInfo;
  public_key: string;
  /** True when an earlier signature by the same key was replaced. */
  replaced: boolean;
  /** Every signature now in the file, with whether it verifies over the new content. */
  signatures: (ManifestSignature & { verifies: boolean })[];
}

export interface SignOptions {
  name?: string;
  /** The form to write; default: the form the manifest is in. */
  format?: ManifestForm;
}

// The reference form hashes only the entry point when it is the only file; otherwise it keeps the
// listing, so no file ever ships unverified.
function binaryFor(form: ManifestForm, full: BinaryInfo): BinaryInfo {
  if (form === 'reference' && Object.keys(full.files ?? {}).length === 0) return { hash: full.hash, size: full.size };
  return full;
}

export async function signModule(dir: string, privHex: string, opts: SignOptions = {}): Promise<SignResult> {
  const loaded = await loadManifest(dir);
  const form = opts.format ?? manifestForm(loaded.manifest);
  const threshold = declaredThreshold(loaded.manifest);
  const publicKey = publicKeyOf(privHex);
  const binary = binaryFor(form, await computeBinarySection(loaded.dir, loaded.manifest.entry_point));
  const stripped = stripSignedSections(loaded.text, loaded.file);
  const unsigned = parseManifest(appendSignedSections(stripped, binary, [], { form, threshold }), loaded.file);
  const mine: ManifestSignature = { ...(opts.name === undefined ? {} : { name: opts.name }), public_key: publicKey, signature: signManifest(unsigned, privHex) };
  const signatures = [...signatureEntries(loaded.manifest)];
  const at = signatures.findIndex((s) => s.public_key.toLowerCase() === publicKey);
  if (at === -1) signatures.push(mine);
  else signatures[at] = mine;
  const text = appendSignedSections(stripped, binary, signatures, { form, threshold });
  parseManifest(text, loaded.file);
  await replaceManifestFile(loaded.file, text);
  const digest = manifestDigest(unsigned);
  return {
    file: loaded.file,
    form,
    binary,
    public_key: publicKey,
    replaced: at !== -1,
    signatures: signatures.map((s) => ({ ...s, verifies: verifyDigest(s.signature, digest, s.public_key.toLowerCase()) })),
  };
}
