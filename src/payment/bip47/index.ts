export * from './payment-code.js';
export * from './addresses.js';
export * from './derive.js';
export * from './notification.js';
