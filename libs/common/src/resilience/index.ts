export * from './context-dependency.js';
export * from './resilience-problem.js';
export * from './resilience.module.js';
