export * from './ai.errors.js';
export * from './ai.facade.js';
export * from './ai.requests.js';
export * from './ai.views.js';
export * from './ai.stream.js';
export * from './ai.contract.js';
export * from './ai.descriptor.js';
