export * from './logging.module.js';
export * from './platform-logger.js';
export * from './redaction.js';
export * from './request-context.js';
export * from './request-id.js';
export * from './outage-log.js';
