// The one way tests find the real Bitcoin fixture data (BLVM_FIXTURES, default ../shared/fixtures).
// Without the data, tests declared with `fixtureTest` are registered as skipped with a title that
// says so, and the ava config prints one line naming `npm run fixtures`.
import { join } from 'node:path';
import anyTest, { type TestFn } from 'ava';
import { FIXTURES_HINT, fixturesDir as locate, missingFixtures } from '../../tools/fixtures/location.js';

export const fixturesDir: string = locate();
export const fixturesPresent: boolean = missingFixtures(fixturesDir).length === 0;
export const SKIP_SUFFIX = ` [not run: no fixture data, see \`${FIXTURES_HINT}\`]`;

export function fixturePath(rel: string): string {
  return join(fixturesDir, rel);
}

type Register = (title: string, ...rest: unknown[]) => void;

// ava's `test` when the data is there; otherwise a `test` that registers every test skipped.
function skippingTest(): TestFn {
  const skip = anyTest.skip as unknown as Register;
  const register = (): Register => (title, ...rest) => skip(`${title}${SKIP_SUFFIX}`, ...rest);
  return Object.assign(register(), anyTest, { serial: Object.assign(register(), anyTest.serial) }) as unknown as TestFn;
}

/** `test` for tests that read fixture data. */
export const fixtureTest: TestFn = fixturesPresent ? anyTest : skippingTest();
