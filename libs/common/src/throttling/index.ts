export * from './rate-limit.decorator.js';
export * from './throttling.module.js';
export * from './tiered-throttler.guard.js';
