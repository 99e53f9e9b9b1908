export * from './context-binding.js';
export * from './message-call.decorator.js';
export * from './message-envelope.js';
export * from './remote-context.client.js';
export * from './service-credentials.js';
export * from './transport-errors.js';
export * from './transport-options.js';
