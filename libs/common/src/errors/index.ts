export * from './problem-details.filter.js';
export * from './platform-errors.js';
export * from './problem-details.js';
export * from './problem.exception.js';
export * from './problem.mapper.js';
export * from './send-problem.js';
