import { access } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { controlCall } from '../../src/control/control-client.js';
import { connect, ModuleRequestError, type ModuleClient } from '../../src/sdk/index.js';
import { Harness, until, type ModuleSpec } from '../api/support/api-harness.js';
import { moduleEnv } from './support/module-env.js';

async function sdkModule(t: ExecutionContext, h: Harness, name: string, spec: ModuleSpec = {}): Promise<ModuleClient> {
  const inst = h.expect(name, spec);
  const client = await connect({ env: moduleEnv(h.socketPath, h.dir, inst), exitOnClose: false });
  t.teardown(() => client.close());
  return client;
}

test('typed requests return the node, module list and module details', async (t) => {
  const h = await Harness.start(t);
  await h.loaded('base');
  const client = await sdkModule(t, h, 'app', { requires: ['base'] });
  const info = await client.nodeInfo();
  t.is(info.module, 'app');
  t.is(info.instance_id, client.instanceId);
  t.deepEqual((await client.listModules()).map((m) => [m.name, m.loaded]), [
    ['app', false],
    ['base', true],
  ]);
  t.deepEqual((await client.moduleInfo('app')).requires, ['base']);
  const missing = await t.throwsAsync(client.moduleInfo('nope'), { instanceOf: ModuleRequestError });
  t.is(missing?.code, 'not_found');
});

test('a subscription is an async iterator: snapshot first, then live events; leaving the loop unsubscribes', async (t) => {
  const h = await Harness.start(t);
  await h.loaded('base');
  const client = await sdkModule(t, h, 'watcher', { capabilities: ['subscribe_events'] });
  const sub = await client.subscribe({ types: ['ModuleLoaded', 'NewBlock'] });
  h.events.publish('NewBlock', { height: 1 });
  h.events.publish('NewBlock', { height: 2 });
  const seen: string[] = [];
  for await (const event of sub) {
    seen.push(event.snapshot ? `snapshot ${(event.data as { module_name: string }).module_name}` : `${event.type} ${(event.data as { height: number }).height}`);
    if (seen.length === 3) break;
  }
  t.deepEqual(seen, ['snapshot base', 'NewBlock 1', 'NewBlock 2']);
  await until(() => h.bus.eventBus.stats().length === 0, 5000, 'the subscription ended in the node');
});

test('publish prefixes a bare name with the module name', async (t) => {
  const h = await Harness.start(t);
  const watcher = await sdkModule(t, h, 'watcher', { capabilities: ['subscribe_events'] });
  const sub = await watcher.subscribe({ types: ['ticker.*'] });
  const ticker = await sdkModule(t, h, 'ticker', { capabilities: ['publish_events'] });
  t.is(typeof (await ticker.publish('tick', { n: 1 })), 'number');
  await ticker.publish('ticker.tock');
  const a = await sub.next();
  const b = await sub.next();
  t.deepEqual([a.value?.type, b.value?.type], ['ticker.tick', 'ticker.tock']);
  const forged = await t.throwsAsync(ticker.request('events.publish', { type: 'NewBlock' }), { instanceOf: ModuleRequestError });
  t.is(forged?.code, 'permission_denied');
});

test('durable acks are coalesced into few requests, and a new instance resumes after the last one', async (t) => {
  const h = await Harness.start(t);
  let ackRequests = 0;
  h.server.setRequestHandler((ctx, method, params) => {
    if (method === 'events.ack') ackRequests++;
    return h.router.handle(ctx, method, params);
  });
  const first = await sdkModule(t, h, 'journal', { capabilities: ['subscribe_events'] });
  const sub = await first.subscribe({ durable: true, name: 'j', types: ['pub.*'] });
  for (let i = 1; i <= 200; i++) void h.bus.eventBus.publish('pub.tick', 'pub', { i });
  let last = 0;
  for await (const event of sub) {
    sub.ack(event.seq as number);
    last = (event.data as { i: number }).i;
    if (last === 150) break;
  }
  await sub.acked();
  const stored = await h.store.getMeta<{ acked: number }>('bus.cursor:journal:j');
  t.is(stored?.acked, 150 + (await firstSeqOfTicks(h)) - 1, 'the cursor is the last acked event');
  t.true(ackRequests <= 10, `150 acks took ${ackRequests} requests`);
  await first.close();
  const second = await sdkModule(t, h, 'journal', { capabilities: ['subscribe_events'] });
  const resumed = await second.subscribe({ durable: true, name: 'j', types: ['pub.*'] });
  const next = await resumed.next();
  t.is((next.value?.data as { i: number }).i, 151);
});

async function firstSeqOfTicks(h: Harness): Promise<number> {
  const [first] = await h.store.readEvents({ fromSeq: 1, types: ['pub.tick'], limit: 1 });
  return first.seq;
}

test('a module calls a method its dependency exposed; typed errors keep their code', async (t) => {
  const h = await Harness.start(t);
  const journal = await sdkModule(t, h, 'journal', { capabilities: ['register_module_api'] });
  await journal.expose({
    'journal.count': { description: 'how many', handler: (params, call) => ({ count: 3, params, caller: call.caller }) },
    'journal.fail': () => {
      throw new ModuleRequestError('not_found', 'no such entry', 'journal.fail');
    },
    'journal.boom': () => {
      throw new Error('disk on fire');
    },
  });
  await journal.ready();
  h.runtime.loaded('journal', journal.instanceId);
  const reporter = await sdkModule(t, h, 'reporter', { capabilities: ['call_module'], requires: ['journal'] });
  t.deepEqual(await reporter.call('journal', 'journal.count', { type: 'x' }), { count: 3, params: { type: 'x' }, caller: 'reporter' });
  const missing = await t.throwsAsync(reporter.call('journal', 'journal.fail'), { instanceOf: ModuleRequestError });
  t.is(missing?.code, 'not_found');
  t.regex(missing?.message ?? '', /journal: no such entry/);
  const boom = await t.throwsAsync(reporter.call('journal', 'journal.boom'), { instanceOf: ModuleRequestError });
  t.is(boom?.code, 'internal');
  const stranger = await sdkModule(t, h, 'stranger', { capabilities: ['call_module'] });
  const denied = await t.throwsAsync(stranger.call('journal', 'journal.count'), { instanceOf: ModuleRequestError });
  t.is(denied?.code, 'permission_denied');
});

test('CLI handlers registered through the SDK answer runmodulecli with their output and exit code', async (t) => {
  const h = await Harness.start(t);
  const client = await sdkModule(t, h, 'journal', { capabilities: ['register_cli'] });
  await client.registerCli({
    name: 'journal',
    about: 'the journal',
    commands: [
      {
        name: 'tail',
        args: [{ name: 'lines', short: 'n', long: 'lines', takes_value: true }],
        run: ({ options, stdout }) => {
          stdout(`last ${options.lines ?? 10}\n`);
          return 0;
        },
      },
      {
        name: 'explode',
        run: () => {
          throw new Error('kaboom');
        },
      },
    ],
  });
  const ok = await controlCall(h.controlSocket, 'runmodulecli', { group: 'journal', args: ['tail', '-n', '3'] });
  t.deepEqual(ok, { exit_code: 0, stdout: 'last 3\n', stderr: '' });
  const failed = await controlCall(h.controlSocket, 'runmodulecli', { group: 'journal', args: ['explode'] });
  t.deepEqual(failed, { exit_code: 1, stdout: '', stderr: 'kaboom\n' });
});

test('the module database lives under BLVM_DATA_DIR/db and is usable at once', async (t) => {
  const h = await Harness.start(t);
  const client = await sdkModule(t, h, 'keeper');
  const db = await client.database();
  t.is(db.file, join(h.dir, 'data', 'db', 'main.sqlite'));
  await access(db.file);
  await db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
  await db.transaction(async () => {
    await db.run('INSERT INTO notes (text) VALUES (?)', ['a']);
    await db.run('INSERT INTO notes (text) VALUES (?)', ['b']);
  });
  t.deepEqual(await db.all('SELECT text FROM notes ORDER BY id'), [{ text: 'a' }, { text: 'b' }]);
  t.deepEqual(await db.get('SELECT COUNT(*) AS n FROM notes'), { n: 2 });
  await t.throwsAsync(client.database('../escape'), { message: /database name/ });
  await db.close();
});

test('events of a subscription that race its response are not lost', async (t) => {
  const h = await Harness.start(t);
  await h.loaded('a');
  await h.loaded('b');
  const client = await sdkModule(t, h, 'watcher', { capabilities: ['subscribe_events'] });
  const sub = await client.subscribe({ types: ['ModuleLoaded'] });
  const first = await sub.next();
  const second = await sub.next();
  t.deepEqual([first.value?.data, second.value?.data].map((d) => (d as { module_name: string }).module_name), ['a', 'b']);
});
