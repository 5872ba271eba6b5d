// The wallet's operator methods on the control socket (JSON-RPC), used by `blvm wallet …` and
// `blvm chain generate --to-wallet`. Amounts travel as decimal strings (satoshis).
import { generateBlocks } from '../chain/chain-generate.js';
import { countParam, onlyFields } from '../chain/chain-request-params.js';
import type { ChainStore } from '../chain/chain-store.js';
import type { ControlServer } from '../control/control-server.js';
import type { NodeWallet } from './node-wallet.js';
import { addressParam, amountParam, feeRateParam, mnemonicParam } from './wallet-params.js';

const sats = (value: bigint): string => value.toString();

/** `wallet` opens the node wallet on first use (its code loads then). */
export function registerWalletControl(control: ControlServer, wallet: () => Promise<NodeWallet>, store: ChainStore, stopping: AbortSignal): void {
  const method = (name: string, fields: readonly string[], handler: (params: Record<string, unknown>) => Promise<unknown>): void =>
    control.register(name, async (params: unknown) => {
      onlyFields(name, params, fields);
      return handler((params ?? {}) as Record<string, unknown>);
    });
  method('walletinit', ['mnemonic'], async (p) => (await wallet()).init(mnemonicParam(p)));
  method('walletaddress', [], async () => (await wallet()).address());
  method('walletbalance', [], async () => {
    const b = await (await wallet()).balance();
    return { height: b.height, confirmed: sats(b.confirmed), immature: sats(b.immature), unconfirmed: sats(b.unconfirmed), total: sats(b.total) };
  });
  method('walletsend', ['address', 'amount', 'fee_rate'], async (p) => {
    const sent = await (await wallet()).send(addressParam(p), amountParam(p), feeRateParam(p));
    return { ...sent, amount: sats(sent.amount), fee: sats(sent.fee), change: sats(sent.change) };
  });
  method('wallethistory', [], async () =>
    (await (await wallet()).history()).map(({ paidKeys: _paid, ...e }) => ({ ...e, received: sats(e.received), sent: sats(e.sent), net: sats(e.net) })),
  );
  // Each block pays a fresh receive address of the wallet.
  method('walletgenerate', ['count'], async (p) => {
    const count = countParam(p);
    const opened = await wallet();
    const hashes: string[] = [];
    for (let i = 0; i < count; i++) hashes.push(...(await generateBlocks(store, 1, { signal: stopping, payoutScript: await opened.payoutScript() })));
    return { hashes, tip: store.tip() };
  });
}
