// `blvm registry publish MODULE_DIR --registry DIR --key FILE [--key FILE…] [--expires 30d]`
import { parseArgs } from 'node:util';
import { parseDuration } from '../../config/durations.js';
import { BlvmError } from '../../errors.js';
import { parsePaymentCode } from '../../payment/bip47/payment-code.js';
import { publishModule } from '../../registry/publish.js';
import { readPrivateKeyFile } from '../../trust/keys.js';
import type { CliIo } from '../io.js';

const USAGE = 'usage: blvm registry publish MODULE_DIR --registry DIR --key FILE [--key FILE] [--expires DURATION] [--node-payment-code CODE]';

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { registry: { type: 'string' }, key: { type: 'string', multiple: true }, expires: { type: 'string' }, 'node-payment-code': { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || values.registry === undefined || values.key === undefined) throw new BlvmError('usage', USAGE);
  let expiresInMs: number;
  try {
    expiresInMs = parseDuration(values.expires ?? '30d');
  } catch (error) {
    throw new BlvmError('usage', `--expires: ${(error as Error).message}`);
  }
  if (expiresInMs <= 0) throw new BlvmError('usage', '--expires: the index must stay valid for some time');
  const nodePaymentCode = values['node-payment-code'];
  if (nodePaymentCode !== undefined) parsePaymentCode(nodePaymentCode, '--node-payment-code');
  const keys = await Promise.all(values.key.map((file) => readPrivateKeyFile(file)));
  const report = await publishModule({ moduleDir: positionals[0], registryDir: values.registry, keys, expiresInMs, nodePaymentCode });
  for (const warning of report.warnings) io.stderr(`blvm registry publish: warning: ${warning}\n`);
  io.stdout(
    `${report.republished ? 'already published' : 'published'} ${report.name} ${report.version}: ${report.artifact} (${report.size} bytes, sha256 ${report.sha256})\n` +
      `index version ${report.indexVersion}, expires ${report.expires}, signed by ${keys.length} key(s)\n`,
  );
  return 0;
}
