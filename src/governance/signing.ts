// Signing governance documents: maintainers sign proposals and results, a node signs its
// votes. Compact low-S ECDSA over the canonical digest, as for manifests.
import { fromHex, secp, toHex } from '../trust/secp.js';
import { publicKeyOf } from '../trust/keys.js';
import { proposalDigest, resultDigest, voteDigest } from './canonical-forms.js';
import type { GovernanceResult, MaintainerSignature, Proposal, Vote } from './types.js';

export function signDigest(digest: Uint8Array, privateKey: string): string {
  return toHex(secp.sign(digest, fromHex(privateKey), { prehash: false, lowS: true }));
}

/** `signatures` with this key's signature added (replacing an earlier one by the same key). */
function withSignature(signatures: MaintainerSignature[], digest: Uint8Array, privateKey: string, name?: string): MaintainerSignature[] {
  const publicKey = publicKeyOf(privateKey);
  const others = signatures.filter((s) => s.public_key.toLowerCase() !== publicKey);
  const entry: MaintainerSignature = name === undefined ? { public_key: publicKey, signature: signDigest(digest, privateKey) } : { name, public_key: publicKey, signature: signDigest(digest, privateKey) };
  return [...others, entry];
}

export function signProposal(proposal: Proposal, privateKey: string, name?: string): Proposal {
  return { ...proposal, signatures: withSignature(proposal.signatures, proposalDigest(proposal), privateKey, name) };
}

export function signResult(result: GovernanceResult, privateKey: string, name?: string): GovernanceResult {
  return { ...result, signatures: withSignature(result.signatures, resultDigest(result), privateKey, name) };
}

export function signVote(unsigned: Omit<Vote, 'signature' | 'voter'>, privateKey: string): Vote {
  const vote = { ...unsigned, voter: publicKeyOf(privateKey) };
  return { ...vote, signature: signDigest(voteDigest(vote), privateKey) };
}
