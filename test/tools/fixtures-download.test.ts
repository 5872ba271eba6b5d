import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { execa } from 'execa';
import { PACKAGE_ROOT } from '../../src/version.js';
import { committedIndex, missingFixtures } from '../../tools/fixtures/location.js';
import { loadRecipes } from '../../tools/fixtures/recipes.js';
import { fixturePath, fixturesDir, fixtureTest } from '../helpers/fixture-data.js';
import { sourcePath, sourcesFrom, startSourceServer, type SourceServer } from './helpers/source-server.js';

const index = committedIndex();
const recipes = loadRecipes();

async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'blvm-fixtures-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function server(t: ExecutionContext, files?: Map<string, Buffer>): Promise<SourceServer> {
  const s = await startSourceServer(files);
  t.teardown(() => s.close());
  return s;
}

function runFixtures(target: string, baseUrl: string) {
  return execa('npm', ['run', '--silent', 'fixtures'], {
    cwd: PACKAGE_ROOT,
    env: { BLVM_FIXTURES: target, BLVM_FIXTURES_BASE_URL: baseUrl },
    reject: false,
    timeout: 110_000,
  });
}

const sourceOf = (file: string) => index.entries.find((e) => e.file === file)?.source as { repo: string; path: string; commit: string };

fixtureTest('npm run fixtures rebuilds every fixture file byte for byte from its HTTP source and checks each sha256', async (t) => {
  const s = await server(t, await sourcesFrom(fixturesDir, index, recipes));
  const target = join(await tempDir(t), 'fixtures');
  const run = await runFixtures(target, s.baseUrl);
  t.is(run.exitCode, 0, run.stderr);
  t.regex(run.stdout, new RegExp(`${index.entries.length} files written, 0 already present; every sha256 verified`));
  for (const e of index.entries) t.true((await readFile(join(target, e.file))).equals(await readFile(fixturePath(e.file))), e.file);
  t.deepEqual(missingFixtures(target), [], 'the tests now find all of the data there');
  t.false((await readdir(target)).some((name) => name.startsWith('.fixtures-download-')), 'no staging directory is left');

  const again = await runFixtures(target, s.baseUrl);
  t.is(again.exitCode, 0, again.stderr);
  t.regex(again.stdout, new RegExp(`0 files written, ${index.entries.length} already present`));
});

fixtureTest('a source whose bytes do not match the recorded sha256 is refused, and no file at all is written', async (t) => {
  const files = await sourcesFrom(fixturesDir, index, recipes);
  const tampered = sourcePath(sourceOf('blocks/481829.bin'));
  const bytes = Buffer.from(files.get(tampered) as Buffer);
  bytes[1000] ^= 0x01;
  files.set(tampered, bytes);
  const s = await server(t, files);
  const target = join(await tempDir(t), 'fixtures');
  const run = await runFixtures(target, s.baseUrl);
  t.is(run.exitCode, 1);
  t.regex(run.stderr, /1 of 18 fixture files could not be rebuilt and verified; nothing was written/);
  t.regex(run.stderr, /blocks\/481829\.bin: sha256 mismatch: expected 91b35f505ad2\w+ \(998318 bytes\), got \w+ \(998318 bytes\); refused/);
  t.deepEqual(await readdir(target), [], 'neither the bad file, the good ones nor a staging directory');
});

test('missing and cut-off sources are named with their URLs, and nothing partial is left behind', async (t) => {
  const raw = sourcePath(sourceOf('blocks/481829.bin'));
  const s = await server(t, new Map([[raw, Buffer.alloc(998_318)]]));
  s.truncated.add(raw);
  const target = join(await tempDir(t), 'fixtures');
  await mkdir(join(target, '.fixtures-download-killed'), { recursive: true });
  await writeFile(join(target, '.fixtures-download-killed', 'half.bin'), 'left by a killed run');
  const run = await runFixtures(target, s.baseUrl);
  t.is(run.exitCode, 1);
  t.regex(run.stderr, new RegExp(`blocks/0\\.bin: GET ${s.baseUrl}/bitcoinj/bitcoinj/13e137ec1deefbc709d7a958906c56d89c084ba8/core/src/test/resources/org/bitcoinj/core/first-100k-blocks\\.dat: HTTP 404 Not Found`));
  t.regex(run.stderr, /blocks\/481829\.bin: GET \S+block481829\.dat: (the body was cut short|terminated|fetch failed)/);
  t.regex(run.stderr, /blocks\/170\.corrupt-nonce\.bin: derived from blocks\/170\.bin, which could not be rebuilt/);
  t.deepEqual(await readdir(target), [], 'the stale staging directory is gone too');
});

test('without fixture data the chain tests are skipped with a title saying so, and one line names npm run fixtures', async (t) => {
  const absent = join(await tempDir(t), 'no-data-here');
  const run = await execa('npx', ['ava', 'test/chain/params.test.ts'], { cwd: PACKAGE_ROOT, env: { BLVM_FIXTURES: absent }, all: true, reject: false, timeout: 110_000 });
  t.is(run.exitCode, 0, run.all);
  const notices = (run.all ?? '').split('\n').filter((l) => l.includes('npm run fixtures') && l.includes(absent));
  t.is(notices.length, 1, run.all);
  t.regex(notices[0], /fixture data not found at .*no-data-here \(BLVM_FIXTURES\): tests that need it are skipped; run `npm run fixtures` to download it/);
  t.regex(run.all ?? '', /- \[skip\] the built mainnet genesis block equals the 285-byte fixture \[not run: no fixture data, see `npm run fixtures`\]/);
  t.regex(run.all ?? '', /3 tests passed/);
  t.regex(run.all ?? '', /1 test skipped/);
});
