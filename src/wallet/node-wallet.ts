// The node wallet as the daemon runs it: one at a time, it makes or restores the wallet file,
// hands out receive addresses, reads coins and balance, builds and submits payments, and lists
// history. Keys stay in this process; callers get addresses, amounts and txids.
import type { Network } from '../config/types.js';
import { BlvmError, errorText } from '../errors.js';
import { SerialQueue } from '../chain/serial-queue.js';
import { balanceOf, walletCoins, type Balance, type CoinView } from './wallet-coins.js';
import { readWallet, writeWallet, type WalletState } from './wallet-file.js';
import { walletHistory, type HistoryEntry } from './wallet-history.js';
import { addressScript, checkMnemonic, newMnemonic, WalletKeys, type KeyChain, type WalletKey } from './wallet-keys.js';
import type { WalletChain, WalletMempool } from './wallet-ports.js';
import { buildSend, type SendOutput, type SentTx, type SignedSend } from './wallet-send.js';
import type { WalletCoin } from './wallet-coins.js';

/** Unused keys watched past each chain's next index. */
export const GAP_LIMIT = 20;

export interface SendResult extends SentTx {
  address: string;
  amount: bigint;
}

export class NodeWallet {
  private readonly queue = new SerialQueue();
  /** Keys of the last mnemonic read; the file itself is read by every operation. */
  private keysFor: WalletKeys | undefined;

  constructor(
    readonly file: string,
    readonly network: Network,
    private readonly chain: WalletChain,
    private readonly mempool: () => WalletMempool | undefined,
  ) {}

  /** Makes the wallet (fresh words, or `mnemonic` restored with its history scanned); refuses when one exists. */
  init(mnemonic?: string): Promise<{ mnemonic: string; restored: boolean; nextReceive: number }> {
    return this.queue.run(async () => {
      if (await readWallet(this.file, this.network)) {
        throw new BlvmError('conflict', `a wallet already exists at ${this.file}; move it away first to make another (its words cannot be recovered from blvm)`);
      }
      const words = mnemonic === undefined ? newMnemonic() : checkMnemonic(mnemonic);
      const state: WalletState = { version: 1, network: this.network, mnemonic: words, nextReceive: 0, nextChange: 0, birthHeight: mnemonic === undefined ? this.chain.height() : 0 };
      const keys = new WalletKeys(words, this.network);
      if (mnemonic !== undefined) await this.restoreIndexes(state, keys);
      await writeWallet(this.file, state);
      this.keysFor = keys;
      return { mnemonic: words, restored: mnemonic !== undefined, nextReceive: state.nextReceive };
    });
  }

  /** A receive address never handed out before. */
  address(): Promise<{ address: string; path: string }> {
    return this.queue.run(async () => {
      const key = await this.nextKey('receive');
      return { address: key.address, path: key.path };
    });
  }

  /** Output script of a fresh receive key: the payout of a block mined to the wallet. */
  payoutScript(): Promise<Buffer> {
    return this.queue.run(async () => (await this.nextKey('receive')).script);
  }

  balance(): Promise<Balance & { height: number }> {
    return this.queue.run(async () => {
      const view = await this.coins();
      return { height: view.tipHeight, ...balanceOf(view.coins) };
    });
  }

  send(address: string, amount: bigint, feeRate: number): Promise<SendResult> {
    const destination = addressScript(address, this.network);
    return this.sendMany([{ script: destination, amount }], feeRate).then((sent) => ({ ...sent, address, amount }));
  }

  /** One transaction paying every output. */
  async sendMany(outputs: readonly SendOutput[], feeRate: number): Promise<SentTx> {
    return (await this.sendSeries([outputs], feeRate))[0]!;
  }

  // Builds every transaction first (so missing funds refuse them all), each later one free to
  // spend an earlier one's change, then submits them in order.
  /** Transactions paying each list of outputs, submitted to the mempool in order. */
  sendSeries(payments: readonly (readonly SendOutput[])[], feeRate: number): Promise<SentTx[]> {
    return this.queue.run(async () => {
      const mempool = this.requireMempool();
      let coins: WalletCoin[] = (await this.coins()).coins;
      const { keys, state } = await this.wallet();
      let nextChange = state.nextChange;
      const built: SignedSend[] = [];
      for (const outputs of payments) {
        const change = keys.key('change', nextChange);
        const signed = buildSend({ coins, outputs, feeRate, change });
        coins = coins.filter((c) => !signed.inputs.includes(c.outpoint));
        if (signed.change > 0n) {
          coins.push({ outpoint: `${signed.txid}:${outputs.length}`, value: signed.change, key: change, height: null, state: 'spendable' });
          nextChange++;
        }
        built.push(signed);
      }
      const sent: SentTx[] = [];
      try {
        for (const { tx, ...rest } of built) {
          await mempool.submit(tx).catch((error: unknown) => {
            if (sent.length === 0) throw error;
            throw new BlvmError('conflict', `the mempool refused transaction ${sent.length + 1} of ${built.length} after accepting ${sent.map((s) => s.txid).join(', ')}: ${errorText(error)}`, { cause: error });
          });
          sent.push(rest);
        }
      } finally {
        const used = sent.filter((s) => s.change > 0n).length;
        if (used > 0) await writeWallet(this.file, { ...(await this.wallet()).state, nextChange: state.nextChange + used });
      }
      return sent;
    });
  }

  history(): Promise<HistoryEntry[]> {
    return this.queue.run(async () => {
      const { state, keys } = await this.wallet();
      return walletHistory(this.chain, state.birthHeight, await this.mempoolTxs(), this.scriptMap(state, keys));
    });
  }

  private async coins(): Promise<CoinView> {
    const { state, keys } = await this.wallet();
    const watched = this.watched(state, keys);
    const { height, coins } = await this.chain.coinsPaying(watched.map((k) => k.script));
    return walletCoins(height, coins, await this.mempoolTxs(), watched);
  }

  private async mempoolTxs() {
    return (await this.mempool()?.transactions()) ?? [];
  }

  private requireMempool(): WalletMempool {
    const mempool = this.mempool();
    if (!mempool) throw new BlvmError('unavailable', 'the mempool is not running, so the wallet cannot submit a payment');
    return mempool;
  }

  private async wallet(): Promise<{ state: WalletState; keys: WalletKeys }> {
    const state = await readWallet(this.file, this.network);
    if (!state) throw new BlvmError('not_found', `no wallet at ${this.file}; make one with \`blvm wallet init\``);
    if (this.keysFor?.mnemonic !== state.mnemonic) this.keysFor = new WalletKeys(state.mnemonic, this.network);
    return { state, keys: this.keysFor };
  }

  private watched(state: WalletState, keys: WalletKeys): WalletKey[] {
    return [...keys.keys('receive', state.nextReceive + GAP_LIMIT), ...keys.keys('change', state.nextChange + GAP_LIMIT)];
  }

  private scriptMap(state: WalletState, keys: WalletKeys): Map<string, string> {
    return new Map(this.watched(state, keys).map((k) => [k.script.toString('hex'), `${k.chain}/${k.index}`]));
  }

  private async nextKey(chain: KeyChain): Promise<WalletKey> {
    const { keys, state } = await this.wallet();
    const key = keys.key(chain, chain === 'receive' ? state.nextReceive : state.nextChange);
    await this.advance(chain);
    return key;
  }

  private async advance(chain: KeyChain): Promise<void> {
    const { state } = await this.wallet();
    const next = { ...state, [chain === 'receive' ? 'nextReceive' : 'nextChange']: (chain === 'receive' ? state.nextReceive : state.nextChange) + 1 };
    await writeWallet(this.file, next);
  }

  // A restored wallet continues after the highest key its history paid, widening the watched
  // window until GAP_LIMIT keys in a row of each chain were never paid.
  private async restoreIndexes(state: WalletState, keys: WalletKeys): Promise<void> {
    for (;;) {
      const paid = (await walletHistory(this.chain, 0, await this.mempoolTxs(), this.scriptMap(state, keys))).flatMap((e) => e.paidKeys);
      const highest = (chain: KeyChain): number => Math.max(-1, ...paid.filter((p) => p.startsWith(`${chain}/`)).map((p) => Number(p.split('/')[1])));
      const receive = highest('receive') + 1;
      const change = highest('change') + 1;
      if (receive === state.nextReceive && change === state.nextChange) return;
      state.nextReceive = receive;
      state.nextChange = change;
    }
  }
}
