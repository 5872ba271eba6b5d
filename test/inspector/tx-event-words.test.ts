import test from 'ava';
import { describeEvent, streamOf } from '../../src/inspector/words/event-words.js';

test('mempool events are activity, described with their txid, fee and confirming height', (t) => {
  t.is(streamOf('TxAccepted'), 'activity');
  t.is(streamOf('TxConfirmed'), 'activity');
  t.is(describeEvent('TxAccepted', { txid: 'ab'.repeat(32), fee: 1000, vsize: 110 }, null), 'transaction abababababababab… entered the mempool (fee 1000 sat, 110 vB)');
  t.is(describeEvent('TxConfirmed', { txid: 'ab'.repeat(32), block_hash: 'cd'.repeat(32), height: 102 }, null), 'transaction abababababababab… confirmed at height 102 (cdcdcdcdcdcdcdcd…)');
});
