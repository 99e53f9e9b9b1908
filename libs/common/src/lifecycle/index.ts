export * from './graceful-shutdown.js';
export * from './periodic-task.js';
