// The payments' module API (capability read_payments): a paid module's quote for this node and
// this node's purchases with whether each licenses now. The bundled blvm-marketplace module reads
// the marketplace through these; they pay nothing and show no key.
import { onlyFields } from '../chain/chain-request-params.js';
import type { ApiRegistry } from '../daemon/services.js';
import { BlvmError } from '../errors.js';
import { MODULE_NAME_PATTERN } from '../manifest/types.js';
import type { Quote } from './licences.js';
import type { Purchase } from './purchase.js';
import type { ProofVerdict } from './purchase-proof.js';

export const PAYMENTS_CAPABILITY = 'read_payments';

export interface PaymentReads {
  quote: (name: string) => Promise<Quote>;
  /** Every purchase (or those of one module) with its verdict now. */
  purchases: (module?: string) => Promise<(Purchase & { verdict: ProofVerdict })[]>;
}

export function moduleNameParam(params: Record<string, unknown>, field = 'name'): string {
  const name = params[field];
  if (typeof name !== 'string' || !MODULE_NAME_PATTERN.test(name)) throw new BlvmError('usage', `params.${field}: expected a module name, got ${JSON.stringify(name)}`);
  return name;
}

export function registerPaymentApi(api: ApiRegistry, reads: PaymentReads): void {
  const method = (name: string, fields: readonly string[], handler: (params: Record<string, unknown>) => Promise<unknown>): void =>
    api.register(name, {
      capability: PAYMENTS_CAPABILITY,
      handler: async (_ctx, params) => {
        onlyFields(name, params, fields);
        return handler((params ?? {}) as Record<string, unknown>);
      },
    });
  method('payments.quote', ['name'], (p) => reads.quote(moduleNameParam(p)));
  method('payments.purchases', ['module'], (p) => reads.purchases(p.module === undefined ? undefined : moduleNameParam(p, 'module')));
}
