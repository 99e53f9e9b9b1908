import { defineContext } from '../../../../libs/common/src/contracts/context-descriptor.js';
import { AUTH_EVENTS } from '../../../auth/src/contract/auth.events.js';
import { TODOS_CONTRACT } from './todos.contract.js';
import { TODOS_EVENTS } from './todos.events.js';
import { TODOS_READ_METHODS } from './todos.facade.js';

/** The todos context as the platform and the tools know it (registered in apps/contexts.ts). */
export const TODOS_CONTEXT = defineContext({
  name: 'todos',
  contract: TODOS_CONTRACT,
  readMethods: TODOS_READ_METHODS,
  // Its app relays its outbox to JetStream when split, and deletes a deleted user's todos.
  events: { publishes: [TODOS_EVENTS], readsLive: [], consumes: [{ name: 'todos-account-deletion', source: AUTH_EVENTS }] },
  defaultTcpPort: 4102,
  database: true,
});
