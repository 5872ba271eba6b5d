// Public surface of the test harness for module authors (`import { IsolatedNode } from 'blvm/testing'`).
export { IsolatedNode, sleep, type IsolatedNodeOptions, type CliResult } from './isolated-node.js';
export { loadFactor, scaledTimeout, waitUntil, type WaitOptions } from './wait.js';
export type { FaultAck, FaultRequest } from '../chaos/fault-service.js';
export type { RecoveryReport, FaultRow } from '../chaos/report.js';
export type { ModuleDetails, ModuleStatus, NodeStatus } from '../supervision/status-types.js';
