export * from './call-context.js';
export * from './date-time.validator.js';
export * from './facade-contract.js';
export * from './normalize.js';
export * from './page-request.js';
export * from './service-calls.js';
export * from './event-routes.js';
