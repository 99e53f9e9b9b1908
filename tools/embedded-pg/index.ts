export * from './embedded-postgres.js';
export * from './free-port.js';
export * from './postmaster.js';
export * from './stop-running.js';
