// The plain-data reference to a verified module snapshot: what the module machine keeps in its
// context and hands to `loading`, so that only the verified bytes are ever spawned.

export interface VerifiedSnapshot {
  /** Content address (64 hex): names the directory data/run/verified/<id>/. */
  id: string;
  /** Absolute path of the read-only snapshot directory. */
  dir: string;
  /** "sha256:<hex>" of the covered tree files of the snapshot (docs/trust.md). */
  treeHash: string;
  /** "sha256:<hex>" of the snapshot's module.toml bytes. */
  manifestHash: string;
  /** Absolute path of the entry point inside `dir`. */
  entryPath: string;
  /** Version of the verified manifest. */
  version: string;
  /** Capabilities granted to the verified manifest by the node's policy. */
  capabilities: string[];
  /** Capabilities the verified manifest provides for its exposed methods (provides_capabilities). */
  provides: string[];
}
