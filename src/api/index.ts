// Public surface of the module API.
export { ApiRouter, type ApiRouterOptions } from './api-router.js';
export { ApiService, createApiService } from './api-service.js';
export { RateLimiter } from './rate-limiter.js';
export { InvokeBroker, type InvokeOptions } from './invoke-broker.js';
export { ExposedMethods, EXPOSED_METHOD_PATTERN, type ExposedMethod } from './exposed-methods.js';
export { CliRegistry } from './cli-registry.js';
export { readCliSpec, RESERVED_CLI_GROUPS, type CliSpec, type CliCommandSpec, type CliArgSpec, type RegisteredCli } from './cli-spec.js';
export { commandHelp, commandUsage, groupHelp, parseCommandArgs, type ParsedCommandArgs } from './cli-usage.js';
export type { CliRunResult } from './cli-methods.js';
export { MetricsRegistry, type ModuleMetrics } from './metrics-registry.js';
export { DEFAULT_CALL_TIMEOUT_MS } from './module-methods.js';
export type { RuntimeView, ModuleSummary } from './runtime-view.js';
