// Where a module's own `log` messages go besides the daemon log: into its output log (so that
// `blvm logs NAME` shows them among its output), found by the instance that sent them.
export type ModuleLogSink = (level: string, message: string) => void;

export class ModuleLogSinks {
  private readonly sinks = new Map<string, ModuleLogSink>();

  register(instanceId: string, sink: ModuleLogSink): void {
    this.sinks.set(instanceId, sink);
  }

  forget(instanceId: string): void {
    this.sinks.delete(instanceId);
  }

  write(instanceId: string, level: string, message: string): void {
    this.sinks.get(instanceId)?.(level, message);
  }
}
