// The payments daemon service: the node's purchases (data/payments.sqlite), the licence check
// every paid module passes before it loads, and the operator methods behind `blvm module quote`,
// `blvm module licence add`, `blvm module buy` and `blvm module licences`. It starts after the
// chain and wallet services.
import { join } from 'node:path';
import type { ChainStore } from '../chain/chain-store.js';
import { hashParam, onlyFields } from '../chain/chain-request-params.js';
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { BlvmError, errorText } from '../errors.js';
import { loadNodeIdentity } from '../governance/identity-key.js';
import { loadManifest } from '../manifest/load-manifest.js';
import type { LicenceContext } from './licences.js';
import { purchaseConfirmations } from './payments-config.js';
import { PurchaseStore } from './purchase-store.js';
import type { Purchase } from './purchase.js';
import type { ProofVerdict } from './purchase-proof.js';
import { termsOf } from './terms.js';
import { distributorCode } from './distributor.js';
import { parsePaymentCode } from './bip47/payment-code.js';
import { NETWORKS, type Network } from '../config/types.js';
import { toDisplayHex } from '../chain/hash.js';
import { txid as txidOf } from '../chain/tx-codec.js';
import type { NodeWallet } from '../wallet/node-wallet.js';
import type { WalletMempool } from '../wallet/wallet-ports.js';
import { feeRateParam } from '../wallet/wallet-params.js';
import { moduleNameParam, registerPaymentApi } from './payment-api.js';

function networkParam(value: unknown): Network {
  if (!NETWORKS.includes(value as Network)) throw new BlvmError('usage', `params.network: expected one of ${NETWORKS.join(', ')}, got ${JSON.stringify(value)}`);
  return value as Network;
}

export interface PaymentSources {
  chain: () => ChainStore | undefined;
  /** The node wallet `module buy` pays from (started before this service; opened on first use). */
  wallet: () => Promise<NodeWallet> | undefined;
  mempool: () => WalletMempool | undefined;
}

// The licence code (BIP47 key derivation, hence @scure/bip32 and @noble/curves) is loaded when a
// paid module is admitted or a payment method is called, not by a node that runs free modules.
const licenceCode = () => import('./licence-code.js');

export function createPaymentService(sources: PaymentSources): DaemonService {
  let purchases: PurchaseStore | undefined;
  return {
    name: 'payments',
    async start(ctx: DaemonContext): Promise<void> {
      const chain = sources.chain();
      if (!chain) throw new BlvmError('internal', 'the payments service starts after the chain service, but the chain store is not open');
      const { config } = ctx;
      const store = await PurchaseStore.open(config.node.data_dir);
      purchases = store;
      const nodeKey = (await loadNodeIdentity(config.node.data_dir)).publicKey;
      const licenceContext: LicenceContext = {
        store,
        chain,
        // The payer's key code (bip39) loads on first use, like the wallet's.
        payer: async () => (await import('./node-payer.js')).readNodePayer(config.node.data_dir, config.node.network),
        nodeKey,
        confirmations: purchaseConfirmations(config),
        network: config.node.network,
      };
      const paidTerms = async (name: string) => {
        const terms = termsOf((await loadManifest(join(config.modules.modules_dir, name))).manifest);
        if (terms === undefined) throw new BlvmError('usage', `${name} is free: its manifest states no price`);
        return terms;
      };
      ctx.runtime.admissionChecks.push(async (_module, manifest) => {
        const terms = termsOf(manifest);
        if (terms === undefined || !terms.required) return undefined;
        try {
          return await (await licenceCode()).paymentRequiredProblem(manifest, licenceContext);
        } catch (error) {
          return `payment_required: ${manifest.name} ${manifest.version} costs ${terms.price_sats} sats and its licence cannot be checked: ${errorText(error)}`;
        }
      });
      const method = (name: string, fields: readonly string[], handler: (params: Record<string, unknown>) => Promise<unknown>): void =>
        ctx.control.register(name, async (params: unknown) => {
          onlyFields(name, params, fields);
          return handler((params ?? {}) as Record<string, unknown>);
        });
      method('walletcode', [], async () => ({ payment_code: (await licenceContext.payer()).code }));
      method('walletpayaddress', ['code', 'index', 'network'], async (p) => {
        const network = p.network === undefined ? config.node.network : networkParam(p.network);
        const recipient = parsePaymentCode(String(p.code), 'params.code');
        const index = p.index;
        if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0 || index > 0x7fffffff) throw new BlvmError('usage', `params.index: expected 0 … 2147483647, got ${JSON.stringify(index)}`);
        const payer = await licenceContext.payer();
        const { p2pkhAddress, sendPublicKey } = await licenceCode();
        return { address: p2pkhAddress(sendPublicKey(payer.notificationKey, recipient, index), network), index, network, payer_payment_code: payer.code };
      });
      const quote = async (name: string) => (await licenceCode()).quoteTerms(await paidTerms(name), licenceContext, await distributorCode(config, name));
      method('modulequote', ['name'], async (p) => quote(moduleNameParam(p)));
      method('modulelicenceadd', ['name', 'txid'], async (p) => {
        const lc = licenceContext;
        const { purchaseOf, judgePurchase } = await licenceCode();
        const purchase = purchaseOf(await quote(moduleNameParam(p)), hashParam(p, 'txid'), nodeKey, Date.now());
        const verdict = await judgePurchase(purchase, lc);
        if (!verdict.proven && !/is not on the active chain|confirmations/.test(verdict.reason)) {
          throw new BlvmError('conflict', `${purchase.txid} does not pay the quote for ${purchase.module}: ${verdict.reason}`);
        }
        await store.record(purchase);
        return { purchase, verdict };
      });
      method('modulebuy', ['name', 'fee_rate'], async (p) => {
        const name = moduleNameParam(p);
        const feeRate = feeRateParam(p);
        const wallet = await sources.wallet();
        if (!wallet) throw new BlvmError('unavailable', 'the wallet service is not running, so the node cannot pay');
        const mempool = sources.mempool();
        const inMempool = async (id: string) => ((await mempool?.transactions()) ?? []).some((tx) => toDisplayHex(txidOf(tx)) === id);
        const { buyModule } = await import('./buy.js');
        const bought = await buyModule(await quote(name), { licences: licenceContext, sendSeries: (payments, rate) => wallet.sendSeries(payments, rate), inMempool, now: Date.now }, feeRate);
        return { ...bought, payment: { ...bought.payment, fee: bought.payment.fee.toString(), change: bought.payment.change.toString() } };
      });
      const judged = (purchase: Purchase) =>
        licenceCode()
          .then((code) => code.judgePurchase(purchase, licenceContext))
          .catch((error: unknown): ProofVerdict => ({ proven: false, reason: errorText(error) }));
      const purchasesNow = async (module?: string) => Promise.all((await store.list(module)).map(async (purchase) => ({ ...purchase, verdict: await judged(purchase) })));
      method('modulelicences', [], () => purchasesNow());
      registerPaymentApi(ctx.api, { quote, purchases: purchasesNow });
    },
    async stop(): Promise<void> {
      await purchases?.close();
    },
  };
}
