export * from './behaviours.js';
export * from './fake-llm.js';
