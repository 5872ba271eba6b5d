// `blvm module info NAME --remote [--json]`: what the configured registry offers for one
// module, from its verified index; no daemon needed.
import type { NodeConfig } from '../../config/types.js';
import { BlvmError } from '../../errors.js';
import { NODE_DEPENDENCY } from '../../manifest/types.js';
import { fetchVerifiedIndex } from '../../registry/fetch-index.js';
import { listInstalled } from '../../registry/installed.js';
import { remoteModule } from '../../registry/search.js';
import { verifySignatures } from '../../trust/signatures.js';
import type { CliIo } from '../io.js';

const list = (deps: Record<string, string> | undefined): string =>
  Object.entries(deps ?? {})
    .filter(([name]) => name !== NODE_DEPENDENCY)
    .map(([name, range]) => `${name} ${range}`)
    .join(', ') || '-';

export async function runRemoteInfo(name: string, json: boolean, io: CliIo): Promise<number> {
  const config: NodeConfig = await io.config();
  const verified = await fetchVerifiedIndex(config);
  for (const line of verified.index.skipped) io.stderr(`blvm: warning: ${line}\n`);
  const found = remoteModule(verified.index, name);
  if (found === undefined) throw new BlvmError('not_found', `no module named "${name}" in the registry ${verified.base.href}`);
  const latest = found.versions[found.versions.length - 1];
  const m = latest.manifest;
  const signatures = verifySignatures(m, config.security);
  const installed = (await listInstalled(config)).get(name);
  if (json) {
    const out = {
      registry: verified.base.href,
      index_version: verified.index.signed.version,
      name,
      latest: found.latest,
      installed: installed ? { version: installed.version, dir: installed.dir } : null,
      signatures: { required: signatures.required, valid: signatures.valid.map((v) => v.name), problems: signatures.problems },
      versions: found.versions,
    };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  const names = signatures.valid.map((v) => v.name).join(', ');
  io.stdout(
    [
      `${name} ${found.latest} in ${verified.base.href} (index version ${verified.index.signed.version}, signed by ${verified.signedBy.join(', ')})`,
      `  description:  ${m.description ?? '-'}`,
      `  author:       ${m.author ?? '-'}`,
      `  versions:     ${found.versions.map((v) => v.version).join(', ')}`,
      `  capabilities: ${(m.capabilities ?? []).join(', ') || '-'}`,
      `  requires:     ${list(m.dependencies)}`,
      `  optional:     ${list(m.optional_dependencies)}`,
      `  artifact:     ${latest.artifact} (${latest.size} bytes, sha256 ${latest.sha256})`,
      `  signatures:   ${signatures.valid.length} of ${signatures.required} required by this node valid${names ? ` (${names})` : ''}`,
      `  installed:    ${installed ? `${installed.version ?? '?'} in ${installed.dir}` : 'no'}`,
    ].join('\n') + '\n',
  );
  return 0;
}
