// Daemon services in start order (see services.ts): the event bus first, then the module API.
import { createApiService } from '../api/api-service.js';
import { createBusService } from '../bus/bus-service.js';
import { createChainService } from '../chain/chain-service.js';
import { createFaultService } from '../chaos/fault-service.js';
import { createGovernanceService } from '../governance/governance-service.js';
import { createInspectorService } from '../inspector/inspector-service.js';
import { createMonitorService } from '../monitor/monitor-service.js';
import { createSandboxService } from '../sandbox/sandbox-service.js';
import type { DaemonService } from './services.js';

export const SERVICE_FACTORIES: (() => DaemonService)[] = [createSandboxService, createMonitorService, createBusService, createApiService, createInspectorService, createChainService, createGovernanceService, createFaultService];
