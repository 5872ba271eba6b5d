// `blvm chain block <hash|height> [--json] [--hex]`: --hex prints the raw block.
import type { BlockHexView, DecodedBlockView } from '../../chain/chain-views.js';
import { daemonCall } from '../daemon-call.js';
import type { CliIo } from '../io.js';
import { blockRefArg, chainArgs, printJson } from './chain-args.js';
import { formatBlock } from './chain-format.js';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = chainArgs(argv, 1, 'usage: blvm chain block <hash|height> [--json] [--hex]', { hex: true });
  const ref = blockRefArg(args.positionals[0]);
  if (args.hex) {
    const block = await daemonCall<BlockHexView>(io, 'getblock', { ...ref, format: 'hex' });
    if (args.json) printJson(io.stdout, block);
    else io.stdout(block.hex + '\n');
    return 0;
  }
  const block = await daemonCall<DecodedBlockView>(io, 'getblock', { ...ref, format: 'decoded' });
  if (args.json) printJson(io.stdout, block);
  else io.stdout(formatBlock(block));
  return 0;
}
