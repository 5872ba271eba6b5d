// The registry index (`index.json` at the registry root): what is signed, and the limits
// a client applies before trusting any of it. docs/registry.md describes the format.
import type { Manifest } from '../manifest/types.js';

export const INDEX_FILE = 'index.json';
export const INDEX_FORMAT = 1;
/** Put in front of the canonical JSON of `signed` before hashing, like the manifest's tag. */
export const INDEX_DOMAIN_TAG = 'blvm-registry-index-v1\n';
export const MAX_INDEX_BYTES = 16 * 1024 * 1024;
export const MAX_ARTIFACT_BYTES = 256 * 1024 * 1024;

export interface VersionEntry {
  /** The module's module.toml as parsed, signatures included: exactly what the artifact holds. */
  manifest: Manifest;
  /** Path of the tar.gz relative to the registry root, e.g. "modules/app/app-1.0.0.tar.gz". */
  artifact: string;
  /** Lowercase hex SHA-256 of the artifact bytes. */
  sha256: string;
  size: number;
  published: string;
}

export interface SignedIndex {
  /** Grows by one with every publish; a client refuses a lower one than it saw before. */
  version: number;
  /** RFC 3339; a client refuses the index at or after this time (freeze protection). */
  expires: string;
  /** Module name → its versions (semantic version → entry). */
  modules: Record<string, { versions: Record<string, VersionEntry> }>;
  /** BIP47 payment code of the node distributing these modules: it receives the node share of sales. */
  node_payment_code?: string;
}

export interface IndexSignature {
  public_key: string;
  signature: string;
}

export interface RegistryIndex {
  format: typeof INDEX_FORMAT;
  signed: SignedIndex;
  signatures: IndexSignature[];
}
