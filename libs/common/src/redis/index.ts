export { RedisCommandTimeoutError } from './command-timeout-redis.js';
export * from './redis.constants.js';
export * from './redis.module.js';
