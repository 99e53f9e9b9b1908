export * from './embedded-postgres.js';
export * from './postmaster.js';
export * from './stop-running.js';
