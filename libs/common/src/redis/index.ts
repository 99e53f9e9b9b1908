export * from './redis.constants.js';
export * from './redis.module.js';
