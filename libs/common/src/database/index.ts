export * from './context-database.js';
export * from './context-pool.js';
export * from './database-failure.js';
export * from './database-health.module.js';
export * from './database-outage.js';
export * from './database-problem.js';
export * from './ping.js';
export * from './prisma-adapter.js';
