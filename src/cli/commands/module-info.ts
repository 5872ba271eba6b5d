// `blvm module info <name> [--json] [--remote [--refresh]]` (--remote: from the registry or its metadata cache, no daemon needed)
import { parseArgs } from 'node:util';
import { BlvmError } from '../../errors.js';
import type { ModuleDetails } from '../../supervision/status-types.js';
import { daemonCall } from '../daemon-call.js';
import { formatModuleInfo } from '../format-status.js';
import type { CliIo } from '../io.js';
import { loadManifest } from '../../manifest/load-manifest.js';
import { distributorCode } from '../../payment/distributor.js';
import { describePrice, priceOf, type PriceInfo } from '../../payment/price.js';

// The price of the module's manifest on disk, the node share going to the registry's node code when its index lists the module.
async function localPrice(io: CliIo, dir: string): Promise<PriceInfo | undefined> {
  const loaded = await loadManifest(dir).catch(() => undefined);
  return loaded === undefined ? undefined : priceOf(loaded.manifest, await distributorCode(await io.config(), loaded.manifest.name));
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, remote: { type: 'boolean' }, refresh: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BlvmError('usage', 'usage: blvm module info <name> [--json] [--remote [--refresh]]');
  if (values.refresh && !values.remote) throw new BlvmError('usage', '--refresh applies only with --remote');
  if (values.remote) return (await import('./registry-remote-info.js')).runRemoteInfo(positionals[0], { json: values.json === true, refresh: values.refresh === true }, io);
  const info = await daemonCall<ModuleDetails>(io, 'getmoduleinfo', { name: positionals[0] });
  const price = await localPrice(io, info.dir);
  io.stdout(values.json ? JSON.stringify({ ...info, price: price ?? null }, null, 2) + '\n' : `${formatModuleInfo(info)}  price:      ${describePrice(price)}\n`);
  return 0;
}
