export * from './embedded-postgres.js';
export * from './stop-running.js';
