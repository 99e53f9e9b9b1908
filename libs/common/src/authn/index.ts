export * from './authn.module.js';
export * from './memory-session-revocations.js';
export * from './redis-session-revocations.js';
export * from './session-revocations.js';
export * from './require-caller.js';
