export * from './http-metrics.js';
export * from './metrics.module.js';
export * from './metrics.server.js';
export { MEMORY_LIMIT_METRIC, memoryLimitBytes } from './node-metrics.js';
export { READINESS_METRICS } from './readiness.metrics.js';
