export * from './access-token.js';
export * from './auth.errors.js';
export * from './auth.facade.js';
export * from './auth.requests.js';
export * from './auth.roles.js';
export * from './auth.views.js';
export * from './password-length.js';
export * from './auth.contract.js';
