export * from './ai.settings.js';
export * from './app-config.js';
export * from './contexts.js';
export * from './events.settings.js';
export * from './load-config.js';
export * from './transport.settings.js';
