import test from 'ava';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA, defaultConfig, parseConfig } from '../../src/config/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shippedFile = join(root, 'blvm.toml');

async function shippedText(): Promise<string> {
  return readFile(shippedFile, 'utf8');
}

test('the shipped blvm.toml parses and equals the defaults for every non-trust key', async (t) => {
  const config = parseConfig(await shippedText(), shippedFile);
  const withoutTrust = { ...config, security: { ...config.security, trusted_maintainers: [] } };
  t.deepEqual(withoutTrust, { ...defaultConfig(root), file: shippedFile });
});

test('the shipped blvm.toml trusts exactly the three development keys, 2-of-3, nothing unsigned', async (t) => {
  const text = await readFile(shippedFile, 'utf8');
  const config = parseConfig(await shippedText(), shippedFile);
  t.deepEqual(config.security.trusted_maintainers.map((k) => k.name), ['dev-alice', 'dev-bob', 'dev-carol']);
  t.deepEqual(config.security.signature_threshold, { m: 2, n: 3 });
  t.true(config.security.require_signatures);
  t.deepEqual(config.security.allow_unsigned, []);
  t.regex(text, /DEVELOPMENT KEYS ONLY/);
  t.regex(text, /test\/fixtures\/keys\//);
});

test('the shipped blvm.toml shows every schema key, each with a comment', async (t) => {
  const lines = (await readFile(shippedFile, 'utf8')).split('\n');
  for (const [section, fields] of Object.entries(SCHEMA)) {
    const header = lines.indexOf(`[${section}]`);
    t.not(header, -1, `[${section}] is missing`);
    for (const key of Object.keys(fields)) {
      const at = lines.findIndex((line, i) => i > header && new RegExp(`^(# )?${key} = `).test(line));
      t.not(at, -1, `[${section}].${key} is missing`);
      t.true(lines.slice(Math.max(0, at - 8), at).some((line) => line.startsWith('#')), `[${section}].${key} has no comment`);
    }
  }
});
