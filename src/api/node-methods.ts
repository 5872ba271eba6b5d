// Module API methods about the node and its modules, plus logging and metrics.
import type { ApiRegistry } from '../daemon/services.js';
import { BlvmError } from '../errors.js';
import { apiError } from '../ipc/api-errors.js';
import { isModuleLogLevel } from '../ipc/envelopes.js';
import type { Logger } from '../log/logger.js';
import { MODULE_NAME_PATTERN } from '../manifest/types.js';
import { NODE_VERSION, PROTOCOL_VERSION } from '../version.js';
import type { CliRegistry } from './cli-registry.js';
import type { ExposedMethods } from './exposed-methods.js';
import { readMetricsQuery, readMetricsReport, type MetricsRegistry } from './metrics-registry.js';
import { optionalObject, paramsOf, requiredString } from './params.js';
import { moduleSummary, type RuntimeView } from './runtime-view.js';

export interface NodeMethodDeps {
  runtime: RuntimeView;
  exposed: ExposedMethods;
  cli: CliRegistry;
  metrics: MetricsRegistry;
  log: Logger;
  /** The message as it may be logged, or null when the module is over its log rate (see ModuleServer.admitLog). */
  admitLog(module: string, message: string, extraBytes: number): string | null;
  /** Fields of one `log` request larger than this (as JSON) are replaced by a note saying so. */
  maxLogFields: number;
}

export function registerNodeMethods(api: ApiRegistry, deps: NodeMethodDeps): void {
  const { runtime } = deps;
  api.register('node.info', {
    capability: null,
    handler: async (ctx, params) => {
      paramsOf('node.info', params, []);
      const { node } = runtime.nodeStatus();
      return {
        node_version: NODE_VERSION,
        protocol: PROTOCOL_VERSION,
        network: node.network,
        pid: node.pid,
        uptime_ms: node.uptime_ms,
        status: node.status,
        module: ctx.module,
        instance_id: ctx.instanceId,
        capabilities: ctx.capabilities,
      };
    },
  });
  api.register('modules.list', {
    capability: null,
    handler: async (_ctx, params) => {
      paramsOf('modules.list', params, []);
      return { modules: runtime.listModules().map((m) => moduleSummary(runtime, m.name)).sort((a, b) => a.name.localeCompare(b.name)) };
    },
  });
  api.register('modules.info', {
    capability: null,
    handler: async (_ctx, params) => {
      const name = requiredString('modules.info', paramsOf('modules.info', params, ['name']), 'name', MODULE_NAME_PATTERN, 'a module name');
      const status = statusOf(runtime, name);
      return {
        ...moduleSummary(runtime, name),
        requires: status.requires,
        optional: status.optional,
        critical: status.critical,
        restarts: status.restarts,
        uptime_ms: status.uptime_ms,
        exposed: deps.exposed.list(name),
        cli_groups: deps.cli.list().filter((g) => g.module === name).map((g) => g.name),
      };
    },
  });
  api.register('log', {
    capability: null,
    handler: async (ctx, params) => {
      const p = paramsOf('log', params, ['level', 'message', 'fields']);
      const level = p.level === undefined ? 'info' : p.level;
      if (!isModuleLogLevel(level)) throw apiError('invalid_request', `log: "level" must be one of error, warn, info, debug, trace, got ${JSON.stringify(level)}`);
      const fields = optionalObject('log', p, 'fields') ?? {};
      const fieldBytes = Buffer.byteLength(JSON.stringify(fields), 'utf8');
      const message = deps.admitLog(ctx.module, requiredString('log', p, 'message'), fieldBytes);
      if (message === null) {
        throw apiError('rate_limited', 'log: message dropped, this module is over its log rate ([logs] module_log_bytes_per_second / module_log_lines_per_second)');
      }
      const shown = fieldBytes > deps.maxLogFields ? { fields_dropped: `${fieldBytes} bytes of fields over ${deps.maxLogFields}` } : fields;
      deps.log.info(message, { ...shown, module: ctx.module, instance: ctx.instanceId, module_level: level });
      return {};
    },
  });
  api.register('metrics.report', {
    capability: 'report_metrics',
    handler: async (ctx, params) => ({ metrics: deps.metrics.report(ctx.module, ctx.instanceId, readMetricsReport(params)) }),
  });
  api.register('metrics.read', {
    capability: 'read_metrics',
    handler: async (_ctx, params) => ({ modules: deps.metrics.read(readMetricsQuery(params)) }),
  });
}

/** The runtime's status of a module, or a typed not_found naming the known modules. */
export function statusOf(runtime: RuntimeView, name: string) {
  try {
    return runtime.moduleStatus(name);
  } catch (error) {
    if (error instanceof BlvmError && error.code === 'not_found') throw apiError('not_found', error.message);
    throw error;
  }
}
