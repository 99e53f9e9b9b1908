export * from './context-database.js';
export * from './database-health.module.js';
export * from './ping.js';
export * from './prisma-adapter.js';
