// The environment a module child gets: nothing of the daemon's environment except a few
// harmless variables, then the module's own (BLVM_SOCKET, BLVM_MODULE, ...), then its token.
import type { SpawnSpec } from './types.js';

export const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'TZ'] as const;

export function buildChildEnv(
  spec: Pick<SpawnSpec, 'env'>,
  token: string,
  daemonEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = daemonEnv[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...spec.env, BLVM_TOKEN: token };
}
