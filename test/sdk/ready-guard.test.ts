import test from 'ava';
import { ReadyGuard } from '../../src/sdk/ready-guard.js';
import { waitUntil } from '../../src/testing/wait.js';

test('waiting for events without having called ready() is explained once', async (t) => {
  const said: string[] = [];
  const guard = new ReadyGuard((m) => said.push(m), 20);
  guard.waiting();
  guard.waiting();
  await waitUntil(() => said.length > 0, { message: 'the hint' });
  guard.waiting();
  t.is(said.length, 1);
  t.regex(said[0], /before ready\(\) was called.*for await.*ready_timeout/);
});

test('a loop started in the background just before ready() is not reported', async (t) => {
  const said: string[] = [];
  const guard = new ReadyGuard((m) => said.push(m), 20);
  guard.waiting();
  guard.called();
  // A guard started at the same moment whose ready() never comes shows when the hint would have been given.
  const control: string[] = [];
  new ReadyGuard((m) => control.push(m), 20).waiting();
  await waitUntil(() => control.length > 0, { message: 'the hint of a guard whose ready() never came' });
  guard.waiting();
  t.deepEqual(said, []);
});
