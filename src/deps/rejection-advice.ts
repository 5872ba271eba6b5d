// What an operator should set so that a rejected module loads, derived from the plan's reasons:
// a minimal blvm.toml trusts no maintainer key, so every signed module is refused.
import type { NodeConfig } from '../config/types.js';
import { DEVELOPMENT_KEYS } from '../trust/development-keys.js';
import { shortKey } from '../trust/signatures.js';

const SIGNATURE_PROBLEM = /required signatures valid|module is unsigned|untrusted key|trusted maintainer key/;

/** One sentence naming the [security] keys to set, or undefined when the reasons are not about trust. */
export function rejectionAdvice(config: Pick<NodeConfig, 'node' | 'security'>, name: string, reasons: string[]): string | undefined {
  if (!reasons.some((r) => SIGNATURE_PROBLEM.test(r))) return undefined;
  const devSigners = DEVELOPMENT_KEYS.filter((k) => reasons.some((r) => r.includes(`untrusted key ${shortKey(k.public_key)}`)));
  const unsigned = config.node.network === 'regtest' ? ` or list it in [security] allow_unsigned = ["${name}"]` : '';
  if (devSigners.length > 0) {
    const names = devSigners.map((k) => k.name).join(', ');
    return config.node.network === 'regtest'
      ? `it is signed by the development key(s) ${names}: add them to [security] trusted_maintainers (as the shipped blvm.toml does)${unsigned}`
      : `it is signed only by the development key(s) ${names}, whose private halves are public: have it signed by your maintainers' keys`;
  }
  const count = config.security.trusted_maintainers.length;
  return `add the public keys of its signers to [security] trusted_maintainers (${count} configured, signature_threshold "${config.security.signature_threshold.m}-of-${config.security.signature_threshold.n}")${unsigned}`;
}
