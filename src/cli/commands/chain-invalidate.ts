// `blvm chain invalidate HASH [--json]`: mark a block and its descendants invalid and reorg away.
import type { CliIo } from '../io.js';
import { runStatusChange } from './chain-status-change.js';

export const run = (argv: string[], io: CliIo): Promise<number> => runStatusChange('invalidate', argv, io);
