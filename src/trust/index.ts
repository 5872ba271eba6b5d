// Public surface of module trust: integrity hashes, canonical form, signatures, rollback
// protection, capability policy and whole-module verification.
export { hashFile, shortHash } from './hash.js';
export { computeBinaryHash, computeBinarySection } from './binary.js';
export { computeTreeHash, listTreeFiles, treeHashOf, walkTreeFiles, type TreeFile } from './tree.js';
export { checkIntegrity } from './integrity.js';
export { canonicalJson, canonicalManifestBytes, manifestDigest, MANIFEST_DOMAIN_TAG } from './canonical.js';
export { generatePrivateKey, publicKeyOf, signManifest, readPrivateKeyFile } from './keys.js';
export { verifySignatures, requiredSignatures, type SignatureReport, type ValidSignature, type RejectedSignature } from './signatures.js';
export { expiryProblem } from './expiry.js';
export { JsonRollbackState, rollbackStatePath, type RollbackState } from './rollback-state.js';
export { checkRollback, type RollbackReport } from './rollback.js';
export { checkCapabilityPolicy, type CapabilityReport } from './capability-policy.js';
export { verifyModule, type VerificationReport, type VerifyOptions } from './verify-module.js';
export { verifySnapshot, type SnapshotVerification } from './verified-snapshot.js';
export { SnapshotStore } from './snapshot-store.js';
export type { VerifiedSnapshot } from './snapshot-types.js';
export { formatVerificationReport } from './format-report.js';
export { signModule, type SignResult } from './sign-module.js';
