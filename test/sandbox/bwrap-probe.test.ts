import test from 'ava';
import { findBwrap, probeBwrap } from '../../src/sandbox/bwrap-probe.js';
import { needBwrap } from './helpers.js';

test('BLVM_BWRAP picks the binary, turns bubblewrap off when empty, and is refused when not executable', (t) => {
  t.deepEqual(findBwrap({ BLVM_BWRAP: '/bin/sh' }), { path: '/bin/sh', reason: null });
  t.deepEqual(findBwrap({ BLVM_BWRAP: '' }), { path: null, reason: 'bubblewrap is turned off (BLVM_BWRAP is empty)' });
  t.deepEqual(findBwrap({ BLVM_BWRAP: '/nonexistent/bwrap' }), { path: null, reason: 'BLVM_BWRAP=/nonexistent/bwrap is not an executable file' });
});

test('a bwrap that cannot build the sandbox is reported unusable with its own error', async (t) => {
  const availability = await probeBwrap({ path: '/bin/false', reason: null });
  t.false(availability.usable);
  t.is(availability.path, '/bin/false');
  t.regex(availability.reason ?? '', /^\/bin\/false cannot create a sandbox here: /);
});

test('a missing bwrap is reported with the reason of the lookup', async (t) => {
  t.deepEqual(await probeBwrap({ path: null, reason: 'bubblewrap (bwrap) is not installed' }), {
    path: null,
    usable: false,
    reason: 'bubblewrap (bwrap) is not installed',
  });
});

test('the installed bwrap passes the trial with every option blvm uses', async (t) => {
  if (!(await needBwrap(t))) return;
  const availability = await probeBwrap();
  t.true(availability.usable, availability.reason ?? '');
});
