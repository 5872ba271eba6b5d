// Counts maintainer signatures over a governance document's digest: trusted keys only, once
// per key, low-S, against the governance threshold. Every rejected signature has a reason.
import { judge } from '../trust/signatures.js';
import type { GovernanceTrust, MaintainerSignature } from './types.js';

export interface ThresholdReport {
  /** At least `required` distinct trusted maintainers signed. */
  ok: boolean;
  required: number;
  /** Names of the maintainers whose signatures count. */
  signers: string[];
  /** Why the document is not accepted (empty when ok), then every rejected signature. */
  problems: string[];
}

export function checkMaintainerSignatures(digest: Uint8Array, signatures: MaintainerSignature[], trust: GovernanceTrust): ThresholdReport {
  const trusted = new Map(trust.trusted.map((k) => [k.public_key.toLowerCase(), k.name]));
  const counted = new Set<string>();
  const signers: string[] = [];
  const rejected: string[] = [];
  signatures.forEach((signature, index) => {
    const verdict = judge(signature, digest, trusted, counted);
    if (verdict.ok) {
      counted.add(signature.public_key.toLowerCase());
      signers.push(verdict.name);
    } else {
      rejected.push(`signatures[${index}]: ${verdict.reason}`);
    }
  });
  const ok = signers.length >= trust.required;
  const problems = ok ? [] : [`${signers.length} of ${trust.required} required maintainer signatures valid`, ...rejected];
  return { ok, required: trust.required, signers, problems };
}
