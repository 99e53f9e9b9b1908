export * from './app-config.js';
export * from './contexts.js';
export * from './load-config.js';
