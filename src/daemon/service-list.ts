// Daemon services in start order (see services.ts): the event bus first, then the module API;
// the metrics endpoint last, reading what the others provide.
import { createApiService } from '../api/api-service.js';
import { createBusService } from '../bus/bus-service.js';
import { createChainService } from '../chain/chain-service.js';
import { createFaultService } from '../chaos/fault-service.js';
import { createGovernanceService } from '../governance/governance-service.js';
import { createInspectorService } from '../inspector/inspector-service.js';
import { createMetricsService } from '../metrics/metrics-service.js';
import { createMonitorService } from '../monitor/monitor-service.js';
import { createSandboxService } from '../sandbox/sandbox-service.js';
import { createWalletService, walletMempool } from '../wallet/wallet-service.js';
import { createPaymentService } from '../payment/payment-service.js';
import type { DaemonService } from './services.js';

export const SERVICE_FACTORIES: (() => DaemonService)[] = [createSandboxService, createMonitorService, createBusService, createApiService, createInspectorService, createChainService, createGovernanceService, createFaultService];

/** One instance of every service for a daemon run; the metrics service reads the others. */
export function createDaemonServices(): DaemonService[] {
  const services = SERVICE_FACTORIES.map((create) => create());
  const find = <T>(name: string) => services.find((s) => s.name === name) as T | undefined;
  const bus = find<ReturnType<typeof createBusService>>('bus');
  const api = find<ReturnType<typeof createApiService>>('api');
  const chain = find<ReturnType<typeof createChainService>>('chain');
  const wallet = createWalletService({ chain: () => chain?.store(), mempool: () => walletMempool(chain?.mempool() ?? undefined) });
  const payments = createPaymentService({ chain: () => chain?.store(), wallet: () => wallet.wallet(), mempool: () => walletMempool(chain?.mempool() ?? undefined) });
  const metrics = createMetricsService({
    bus: () => {
      try {
        return bus?.eventBus ?? null;
      } catch {
        return null;
      }
    },
    reported: () => api?.metrics.read() ?? [],
    chainHeight: () => chain?.height() ?? null,
  });
  return [...services, wallet, payments, metrics];
}
