import { defineContext } from '../../../../libs/common/src/contracts/context-descriptor.js';
import { TODOS_CONTRACT } from './todos.contract.js';
import { TODOS_EVENTS } from './todos.events.js';
import { TODOS_READ_METHODS } from './todos.facade.js';

/** The todos context as the platform and the tools know it (registered in apps/contexts.ts). */
export const TODOS_CONTEXT = defineContext({
  name: 'todos',
  contract: TODOS_CONTRACT,
  readMethods: TODOS_READ_METHODS,
  // Its app relays its outbox to JetStream when split.
  events: { publishes: [TODOS_EVENTS], readsLive: [], consumes: [] },
  defaultTcpPort: 4102,
  database: true,
});
