export * from './database-health.module.js';
export * from './prisma-adapter.js';
