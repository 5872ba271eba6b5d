// The CLI groups registered by connected module instances; a group disappears with its instance.
import { apiError } from '../ipc/api-errors.js';
import type { CliSpec, RegisteredCli } from './cli-spec.js';

export class CliRegistry {
  private readonly groups = new Map<string, RegisteredCli>();

  /** Registers (or replaces) a group; a group owned by another module is refused. */
  register(module: string, instanceId: string, spec: CliSpec): RegisteredCli {
    const owner = this.groups.get(spec.name);
    if (owner && owner.module !== module) {
      throw apiError('invalid_request', `cli.register: the command group "${spec.name}" is already registered by module ${owner.module}`);
    }
    const entry: RegisteredCli = { ...spec, module, instance_id: instanceId };
    this.groups.set(spec.name, entry);
    return entry;
  }

  get(group: string): RegisteredCli | undefined {
    return this.groups.get(group);
  }

  list(): RegisteredCli[] {
    return [...this.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  forget(instanceId: string): void {
    for (const [name, entry] of this.groups) if (entry.instance_id === instanceId) this.groups.delete(name);
  }
}
