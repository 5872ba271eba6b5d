// `blvm chain reconsider HASH [--json]`: clear an invalidation and reorg back if that chain has more work.
import type { CliIo } from '../io.js';
import { runStatusChange } from './chain-status-change.js';

export const run = (argv: string[], io: CliIo): Promise<number> => runStatusChange('reconsider', argv, io);
