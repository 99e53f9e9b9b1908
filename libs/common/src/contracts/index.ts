export * from './call-context.js';
export * from './date-time.validator.js';
export * from './normalize.js';
export * from './page-request.js';
export * from './auth/index.js';
export * from './todos/index.js';
export * from './ai/index.js';
export * from './service-calls.js';
