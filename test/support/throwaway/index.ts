/**
 * Throw-away PostgreSQL, Redis and NATS servers on free loopback ports, for fault tests that
 * stop, hang, kill and restart them. Fault tests use these only: never the shared services.
 */
export * from './nats.js';
export * from './postgres.js';
export * from './redis.js';
export * from './service-process.js';
