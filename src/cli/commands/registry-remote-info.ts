// `blvm module info NAME --remote [--json] [--refresh]`: what the configured registry offers for
// one module, through its REST API checked against the verified index, or from the metadata
// cache (saying how old); no daemon needed.
import type { NodeConfig } from '../../config/types.js';
import { BlvmError } from '../../errors.js';
import { NODE_DEPENDENCY } from '../../manifest/types.js';
import { describePrice, priceOf } from '../../payment/price.js';
import { listInstalled } from '../../registry/installed.js';
import { cacheJson, describeCacheUse, openMetadata } from '../../registry/metadata-source.js';
import { restModule } from '../../registry/rest-client.js';
import { remoteModule } from '../../registry/search.js';
import { verifySignatures } from '../../trust/signatures.js';
import type { CliIo } from '../io.js';

const list = (deps: Record<string, string> | undefined): string =>
  Object.entries(deps ?? {})
    .filter(([name]) => name !== NODE_DEPENDENCY)
    .map(([name, range]) => `${name} ${range}`)
    .join(', ') || '-';

export async function runRemoteInfo(name: string, opts: { json: boolean; refresh: boolean }, io: CliIo): Promise<number> {
  const config: NodeConfig = await io.config();
  const warn = (line: string) => io.stderr(`blvm: warning: ${line}\n`);
  const source = await openMetadata(config, { refresh: opts.refresh, warn });
  const { verified } = source;
  for (const line of verified.index.skipped) warn(line);
  if (source.cache === undefined) await restModule(verified, name, { deadlineMs: config.registry.deadline, warn });
  const found = remoteModule(verified.index, name);
  if (found === undefined) throw new BlvmError('not_found', `no module named "${name}" in the registry ${verified.base.href}`);
  const latest = found.versions[found.versions.length - 1];
  const m = latest.manifest;
  const signatures = verifySignatures(m, config.security);
  const installed = (await listInstalled(config)).get(name);
  const price = priceOf(m, verified.index.signed.node_payment_code);
  if (opts.json) {
    const out = {
      registry: verified.base.href,
      index_version: verified.index.signed.version,
      ...cacheJson(source),
      name,
      latest: found.latest,
      installed: installed ? { version: installed.version, dir: installed.dir } : null,
      price: price ?? null,
      signatures: { required: signatures.required, valid: signatures.valid.map((v) => v.name), problems: signatures.problems },
      versions: found.versions,
    };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  const names = signatures.valid.map((v) => v.name).join(', ');
  const cacheLine = describeCacheUse(source);
  io.stdout(
    [
      ...(cacheLine === undefined ? [] : [cacheLine]),
      `${name} ${found.latest} in ${verified.base.href} (index version ${verified.index.signed.version}, signed by ${verified.signedBy.join(', ')})`,
      `  description:  ${m.description ?? '-'}`,
      `  author:       ${m.author ?? '-'}`,
      `  versions:     ${found.versions.map((v) => v.version).join(', ')}`,
      `  capabilities: ${(m.capabilities ?? []).join(', ') || '-'}`,
      `  requires:     ${list(m.dependencies)}`,
      `  optional:     ${list(m.optional_dependencies)}`,
      `  price:        ${describePrice(price)}`,
      `  artifact:     ${latest.artifact} (${latest.size} bytes, sha256 ${latest.sha256})`,
      `  signatures:   ${signatures.valid.length} of ${signatures.required} required by this node valid${names ? ` (${names})` : ''}`,
      `  installed:    ${installed ? `${installed.version ?? '?'} in ${installed.dir}` : 'no'}`,
    ].join('\n') + '\n',
  );
  return 0;
}
