// The wallet daemon service: the node wallet on data/wallet/wallet.json over the chain store's
// UTXO set and the mempool, served on the control socket. It starts after the chain service.
import { parseBlock } from '../chain/block-codec.js';
import type { ChainStore } from '../chain/chain-store.js';
import type { Mempool } from '../mempool/mempool.js';
import type { DaemonContext, DaemonService } from '../daemon/services.js';
import { BlvmError } from '../errors.js';
import type { NodeWallet } from './node-wallet.js';
import type { WalletChain, WalletMempool } from './wallet-ports.js';
import { registerWalletControl } from './wallet-control.js';

export interface WalletSources {
  chain: () => ChainStore | undefined;
  mempool: () => WalletMempool | undefined;
}

/** The chain store seen through the wallet's port. */
export function walletChain(store: ChainStore): WalletChain {
  return {
    coinsPaying: (scripts) => store.coinsPaying(scripts),
    blockAt: async (height) => parseBlock(Buffer.from((await store.block({ height }, 'hex')).hex, 'hex')),
    height: () => store.height(),
  };
}

/** The node's mempool seen through the wallet's port (undefined while it is not running). */
export function walletMempool(mempool: Mempool | undefined): WalletMempool | undefined {
  if (!mempool) return undefined;
  return {
    submit: (tx) => mempool.submit(tx),
    transactions: async () => (await mempool.entries()).map((e) => e.tx),
  };
}

export function createWalletService(sources: WalletSources): DaemonService & { wallet: () => Promise<NodeWallet> | undefined } {
  const stopping = new AbortController();
  let running: (() => Promise<NodeWallet>) | undefined;
  return {
    name: 'wallet',
    wallet: () => running?.(),
    async start(ctx: DaemonContext): Promise<void> {
      const store = sources.chain();
      if (!store) throw new BlvmError('internal', 'the wallet service starts after the chain service, but the chain store is not open');
      // The wallet's key and signing code (@scure/btc-signer, bip32, bip39) loads on the first
      // wallet call: an idle daemon never needs it (docs/benchmarks.md, "Idle daemon").
      let loaded: Promise<NodeWallet> | undefined;
      const open = async (): Promise<NodeWallet> => {
        const [{ NodeWallet }, { walletFile }] = await Promise.all([import('./node-wallet.js'), import('./wallet-file.js')]);
        return new NodeWallet(walletFile(ctx.config.node.data_dir), ctx.config.node.network, walletChain(store), sources.mempool);
      };
      const wallet = () => (loaded ??= open());
      registerWalletControl(ctx.control, wallet, store, stopping.signal);
      running = wallet;
    },
    async stop(): Promise<void> {
      stopping.abort();
    },
  };
}
