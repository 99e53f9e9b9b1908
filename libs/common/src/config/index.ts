export * from './ai.settings.js';
export * from './app-config.js';
export * from './contexts.js';
export * from './development-defaults.js';
export * from './env-file.js';
export * from './hosting-requirements.js';
export * from './load-config.js';
export * from './transport.settings.js';
