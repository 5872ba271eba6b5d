// ava runs TypeScript through tsx. When the real Bitcoin fixture data is absent, the tests that
// need it are skipped (see test/helpers/fixture-data.ts) and this prints the one line saying so.
import { tsImport } from 'tsx/esm/api';

const { absentNotice, fixturesDir, missingFixtures } = await tsImport('./tools/fixtures/location.ts', import.meta.url);
const dir = fixturesDir();
if (missingFixtures(dir).length > 0) console.error(absentNotice(dir));

export default {
  files: ['test/**/*.test.ts'],
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx'],
  timeout: '2m',
  workerThreads: false,
};
