// Public surface of the blvm module SDK (`import { connect } from 'blvm/sdk'`).
export { connect, type ConnectOptions } from './connect.js';
export type { ModuleClient, Welcome, ShutdownHandler, EventHandler } from './module-client.js';
export type { EventSubscription } from './event-subscription.js';
export type { ExposedHandler, CliContext, CliHandler, CliArg, CliCommand, CliGroup } from './invoke-handlers.js';
export type { ModuleDatabase, SqlParams } from './module-database.js';
export type { KvStore, KvRange, KvOp } from '../module-db/kv-types.js';
export { MODULE_DATABASE_BACKENDS, type ModuleDatabaseBackend } from '../module-db/backends.js';
export type {
  ModuleEvent,
  NodeInfo,
  ModuleSummary,
  ModuleInfo,
  SubscribeOptions,
  SubscribeResult,
  CallOptions,
  ModuleMetrics,
} from './api-types.js';
export { ModuleRequestError } from './module-request-error.js';
export { readModuleEnv, type ModuleEnv } from './module-env.js';
export type { ApiErrorCode } from '../ipc/api-errors.js';
export type { EventEnvelope, ModuleLogLevel } from '../ipc/envelopes.js';
export { chainApi, subscribeChainEvents, onChainEvent, asChainEvent, CHAIN_EVENT_TYPES, type ChainApi, type ChainEventDelivery, type BlockRef, type ChainTip, type ChainInfo, type HeaderView, type DecodedBlockView, type TxView } from './chain-api.js';
export { txApi, asTxEvent, subscribeTxEvents, TX_EVENT_TYPES, type TxApi, type TxEventDelivery, type SubmitResult, type TxStatus, type MempoolTxView, type RejectRule, type TxAcceptedPayload, type TxConfirmedPayload } from './tx-api.js';
export { governanceApi, subscribeGovernanceEvents, onGovernanceEvent, asGovernanceEvent, GOVERNANCE_EVENT_TYPES, type GovernanceApi, type GovernanceEventDelivery, type GovernanceEventType, type ProposalView, type CastVote, type OwnVote, type StoredResult, type Proposal, type Vote, type GovernanceResult } from './governance-api.js';
