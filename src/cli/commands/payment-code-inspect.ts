// `blvm payment-code inspect CODE [--network N] [--json]`: what a BIP47 payment code holds.
import { parseArgs } from 'node:util';
import type { CliIo } from '../io.js';
import { NETWORKS, type Network } from '../../config/types.js';
import { errorText } from '../../errors.js';
import { notificationPublicKey, p2pkhAddress, parsePaymentCode } from '../../payment/bip47/index.js';
import { toHex } from '../../trust/secp.js';

export const usage = 'usage: blvm payment-code inspect CODE [--network mainnet|testnet|regtest] [--json]';

export async function run(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  let code: string | undefined;
  let network: Network = 'mainnet';
  let json = false;
  try {
    const parsed = parseArgs({ args: argv, options: { json: { type: 'boolean' }, network: { type: 'string' } }, allowPositionals: true, strict: true });
    if (parsed.positionals.length !== 1) throw new Error('exactly one CODE is required');
    [code] = parsed.positionals;
    json = parsed.values.json === true;
    if (parsed.values.network !== undefined) {
      if (!NETWORKS.includes(parsed.values.network as Network)) throw new Error(`--network: "${parsed.values.network}" is not one of ${NETWORKS.join(', ')}`);
      network = parsed.values.network as Network;
    }
  } catch (error) {
    io.stderr(`blvm payment-code inspect: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  try {
    const parsed = parsePaymentCode(code!, 'CODE');
    const notificationKey = notificationPublicKey(parsed);
    const info = {
      payment_code: code!.trim(),
      version: parsed.version,
      features: parsed.features,
      public_key: toHex(parsed.publicKey),
      chain_code: toHex(parsed.chainCode),
      network,
      notification_public_key: toHex(notificationKey),
      notification_address: p2pkhAddress(notificationKey, network),
    };
    if (json) io.stdout(`${JSON.stringify(info, null, 2)}\n`);
    else {
      io.stdout(`version               ${info.version}${(info.features & 1) === 1 ? ' (asks for Bitmessage notification)' : ''}\n`);
      io.stdout(`public key            ${info.public_key}\n`);
      io.stdout(`chain code            ${info.chain_code}\n`);
      io.stdout(`notification address  ${info.notification_address} (${network})\n`);
    }
    return 0;
  } catch (error) {
    io.stderr(`blvm payment-code inspect: ${errorText(error)}\n`);
    return 1;
  }
}
