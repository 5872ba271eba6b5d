import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { JsonRollbackState, resetAccepted } from '../../src/trust/rollback-state.js';
import { tempDir } from './helpers/world.js';

test('resetting an accepted version is seen by a rollback state that was opened before', async (t) => {
  const file = join(await tempDir(t), 'trust', 'versions.json');
  const running = await JsonRollbackState.open(file);
  await running.recordAccepted('base', '1.0.0');
  await running.recordAccepted('other', '2.0.0');
  await running.recordAccepted('base', '1.1.0');
  await resetAccepted(file, 'base', '1.0.0');
  t.is(await running.highestAccepted('base'), '1.0.0');
  await running.recordAccepted('other', '2.0.0');
  t.deepEqual(JSON.parse(await readFile(file, 'utf8')).modules, { base: '1.0.0', other: '2.0.0' }, 'a later record does not bring the reset version back');
  await resetAccepted(file, 'base', undefined);
  t.is(await running.highestAccepted('base'), undefined);
});
