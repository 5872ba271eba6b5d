// The shape of a validated `module.toml`. A Manifest holds exactly what the file says
// (no defaults filled in), because its canonical form is what maintainers sign.

export const MANIFEST_FILE = 'module.toml';
/** The operator's local configuration of a module: never signed, never shipped in an artifact. */
export const MODULE_CONFIG_FILE = 'config.toml';
export const MAX_MANIFEST_BYTES = 64 * 1024;
export const MODULE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;
/** A capability name, of the node or provided by a module: lowercase words joined by "_". */
export const CAPABILITY_NAME_PATTERN = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
/** Dependency name that stands for the node itself, checked against NODE_VERSION. */
export const NODE_DEPENDENCY = 'blvm-node';

export const CONFIG_VALUE_TYPES = ['string', 'integer', 'number', 'boolean', 'array', 'table'] as const;
export type ConfigValueType = (typeof CONFIG_VALUE_TYPES)[number];

export interface ConfigFieldSchema {
  type: ConfigValueType;
  default?: unknown;
  required?: boolean;
  description?: string;
}

/** Either a plain description of the key or a typed field definition. */
export type ConfigSchemaEntry = string | ConfigFieldSchema;

export interface BinaryInfo {
  /** sha256 of the entry point file, "sha256:<64 hex>". */
  hash: string;
  /** Size of the entry point in bytes. */
  size: number;
  /**
   * sha256 over the listing of every other covered file (see docs/trust.md). Absent (with
   * `files`) when only the entry point is hashed: then no other file may ship.
   */
  tree_hash?: string;
  /** Covered relative posix path → "sha256:<64 hex>"; present exactly when tree_hash is. */
  files?: Record<string, string>;
}

export interface ManifestSignature {
  /** Informational only: trust comes from the node's trusted_maintainers, never from here. */
  name?: string;
  public_key: string;
  signature: string;
}

/** The reference form's `[signatures]` table: the threshold and one entry per maintainer. */
export interface ReferenceSignatures {
  /** "M-of-N"; like the top-level `threshold` of the blvm form. */
  threshold?: string;
  maintainers: ManifestSignature[];
}

export interface Manifest {
  name: string;
  version: string;
  entry_point: string;
  description?: string;
  author?: string;
  capabilities?: string[];
  /** "M-of-N"; raises the node's signature floor, never lowers it. */
  threshold?: string;
  /** RFC 3339 date-time after which the manifest is no longer accepted. */
  expires?: string;
  dependencies?: Record<string, string>;
  optional_dependencies?: Record<string, string>;
  config_schema?: Record<string, ConfigSchemaEntry>;
  binary?: BinaryInfo;
  /** blvm form: `[[signatures]]` entries; reference form: a `[signatures]` table. */
  signatures?: ManifestSignature[] | ReferenceSignatures;
  /** Capability names this module defines for the methods it exposes to other modules. */
  provides_capabilities?: string[];
  payment?: Record<string, unknown>;
}

export interface LoadedManifest {
  manifest: Manifest;
  /** Real path of the module directory. */
  dir: string;
  /** Absolute path of module.toml. */
  file: string;
  /** The manifest text exactly as read. */
  text: string;
  /** Real path of the entry point (inside dir). */
  entryPath: string;
}

export const MANIFEST_FIELDS = [
  'name',
  'version',
  'entry_point',
  'description',
  'author',
  'capabilities',
  'provides_capabilities',
  'threshold',
  'expires',
  'dependencies',
  'optional_dependencies',
  'config_schema',
  'binary',
  'signatures',
  'payment',
] as const;
