// `blvm module sign`: recompute [binary], then add or replace this signer's signature,
// leaving the rest of module.toml as written. The file is replaced atomically.
import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { loadManifest } from '../manifest/load-manifest.js';
import { parseManifest } from '../manifest/parse.js';
import { appendSignedSections, stripSignedSections } from '../manifest/rewrite.js';
import type { BinaryInfo, ManifestSignature } from '../manifest/types.js';
import { computeBinarySection } from './binary.js';
import { manifestDigest } from './canonical.js';
import { publicKeyOf, signManifest } from './keys.js';
import { verifyDigest } from './secp.js';

export interface SignResult {
  file: string;
  binary: BinaryInfo;
  public_key: string;
  /** True when an earlier signature by the same key was replaced. */
  replaced: boolean;
  /** Every signature now in the file, with whether it verifies over the new content. */
  signatures: (ManifestSignature & { verifies: boolean })[];
}

export async function signModule(dir: string, privHex: string, opts: { name?: string } = {}): Promise<SignResult> {
  const loaded = await loadManifest(dir);
  const publicKey = publicKeyOf(privHex);
  const binary = await computeBinarySection(loaded.dir, loaded.manifest.entry_point);
  const stripped = stripSignedSections(loaded.text, loaded.file);
  const unsigned = parseManifest(appendSignedSections(stripped, binary, []), loaded.file);
  const mine: ManifestSignature = { ...(opts.name === undefined ? {} : { name: opts.name }), public_key: publicKey, signature: signManifest(unsigned, privHex) };
  const signatures = [...(loaded.manifest.signatures ?? [])];
  const at = signatures.findIndex((s) => s.public_key.toLowerCase() === publicKey);
  if (at === -1) signatures.push(mine);
  else signatures[at] = mine;
  const text = appendSignedSections(stripped, binary, signatures);
  parseManifest(text, loaded.file);
  const tmp = `${loaded.file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { mode: (await stat(loaded.file)).mode & 0o777 });
    await rename(tmp, loaded.file);
  } finally {
    await rm(tmp, { force: true });
  }
  const digest = manifestDigest(unsigned);
  return {
    file: loaded.file,
    binary,
    public_key: publicKey,
    replaced: at !== -1,
    signatures: signatures.map((s) => ({ ...s, verifies: verifyDigest(s.signature, digest, s.public_key.toLowerCase()) })),
  };
}
