import { defineContext } from '../../../../libs/common/src/contracts/context-descriptor.js';
import { AUTH_CONTRACT } from './auth.contract.js';
import { AUTH_EVENTS } from './auth.events.js';
import { AUTH_READ_METHODS } from './auth.facade.js';

/** The auth context as the platform and the tools know it (registered in apps/contexts.ts). */
export const AUTH_CONTEXT = defineContext({
  name: 'auth',
  contract: AUTH_CONTRACT,
  readMethods: AUTH_READ_METHODS,
  // Its app relays its outbox (registrations, deletions, ended sessions) to JetStream when split.
  events: { publishes: [AUTH_EVENTS], readsLive: [], consumes: [] },
  defaultTcpPort: 4101,
  database: true,
  // It signs the access tokens wherever it runs.
  hostRequires: [
    {
      key: 'AUTH_JWT_PRIVATE_KEYS',
      hint: 'an EC P-256 private key that signs access tokens (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256; npm start makes one outside production)',
    },
  ],
});
