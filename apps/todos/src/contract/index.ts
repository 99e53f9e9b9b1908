export * from './todos.errors.js';
export * from './todos.facade.js';
export * from './todos.requests.js';
export * from './todos.views.js';
export * from './todos.contract.js';
export * from './todos.events.js';
export * from './todos.descriptor.js';
