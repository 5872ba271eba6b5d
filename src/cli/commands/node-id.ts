// `blvm node id`: the node's identity public key (the key is created when the data dir has none).
import { BlvmError } from '../../errors.js';
import { loadNodeIdentity } from '../../governance/identity-key.js';
import type { CliIo } from '../io.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv.length > 0) throw new BlvmError('usage', 'usage: blvm node id');
  io.stdout(`${(await loadNodeIdentity((await io.config()).node.data_dir)).publicKey}\n`);
  return 0;
}
