export * from './authn.module.js';
export * from './session-revocations.js';
