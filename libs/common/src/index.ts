// Decorator metadata must exist before any decorated class in this library is evaluated.
import 'reflect-metadata';
export * from './config/index.js';
export * from './database/index.js';
export * from './errors/index.js';
export * from './health/index.js';
export * from './lifecycle/index.js';
export * from './logging/index.js';
export * from './metrics/index.js';
export * from './redis/index.js';
export * from './throttling/index.js';
export * from './validation/validation.pipe.js';
export * from './docs/swagger.js';
export * from './http/fastify-adapter.js';
export * from './platform/bootstrap.js';
export * from './platform/create-app.js';
export * from './platform/platform.constants.js';
