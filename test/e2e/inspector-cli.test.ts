import test from 'ava';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { InspectorInfo } from '../../src/inspector/inspector-service.js';
import { nodeWithProbes } from './helpers/probe.js';

test('blvm inspect prints where the inspector listens and where its token is, also as JSON', async (t) => {
  const node = await nodeWithProbes(t, { steady: {} }, { inspector: true });
  const json = await node.cli(['inspect', '--json']);
  t.is(json.exitCode, 0, json.stderr);
  const info = JSON.parse(json.stdout) as InspectorInfo;
  t.true(info.enabled && info.listening);
  t.regex(info.url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/$/);
  t.not(info.url, 'http://127.0.0.1:0/');
  t.is(info.token_file, join(node.dataDir, 'inspector.token'));
  t.is((await stat(info.token_file)).mode & 0o777, 0o600);
  const token = (await readFile(info.token_file, 'utf8')).trim();
  t.regex(node.log(), new RegExp(`inspector at ${info.url!.replace(/[.]/g, '\\.')}`));
  t.true(node.log().includes(`#token=${token}`), 'the start log prints the actions link');

  const text = await node.cli(['inspect']);
  t.is(text.exitCode, 0);
  t.true(text.stdout.includes(info.url!));
  t.true(text.stdout.includes(info.token_file));
  t.false(text.stdout.includes(token), 'the token itself stays in its file');

  const page = await fetch(info.url!);
  t.is(page.status, 200);
  t.regex(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);

  t.is(await node.stop(), 0);
  await t.throwsAsync(stat(info.token_file), undefined, 'the token file is removed when the node stops');
});

test('blvm inspect says so when the inspector is disabled', async (t) => {
  const node = await nodeWithProbes(t, { steady: {} });
  const result = await node.cli(['inspect']);
  t.is(result.exitCode, 1);
  t.regex(result.stderr, /inspector is disabled \(\[inspector\] enabled = false/);
  const json = JSON.parse((await node.cli(['inspect', '--json'])).stdout) as InspectorInfo;
  t.false(json.enabled);
  t.is(json.url, null);
});
