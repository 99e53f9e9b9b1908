import { defineContext } from '../../../../libs/common/src/contracts/context-descriptor.js';
import { AUTH_CONTRACT } from './auth.contract.js';
import { AUTH_READ_METHODS } from './auth.facade.js';

/** The auth context as the platform and the tools know it (registered in apps/contexts.ts). */
export const AUTH_CONTEXT = defineContext({
  name: 'auth',
  contract: AUTH_CONTRACT,
  readMethods: AUTH_READ_METHODS,
  defaultTcpPort: 4101,
});
