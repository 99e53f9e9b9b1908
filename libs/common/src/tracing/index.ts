export * from './message-tracing.js';
export * from './start-tracing.js';
export * from './tracing-enabled.js';
export * from './http-tracing.js';
