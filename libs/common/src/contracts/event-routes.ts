import type { EventCatalog } from '../events/event-catalog.js';
import type { AppName } from './service-calls.js';
import { AUTH_EVENTS } from '../../../../apps/auth/src/contract/auth.events.js';
import { TODOS_EVENTS } from '../../../../apps/todos/src/contract/todos.events.js';

/**
 * Which app publishes and reads which events over JetStream, declared once like SERVICE_CALLS:
 * the NATS users of deploy/nats/nats-server.conf get exactly these streams and subjects
 * (`npm run deploy:nats`).
 */
export interface EventRoutes {
  /** The catalogs of the contexts whose outbox the app relays: its own context's, when split. */
  publishes: readonly EventCatalog[];
  /**
   * Streams the app reads with consumers of each instance's own (ordered, ephemeral, unacked):
   * what every instance must see, such as the gateway's live updates to its WebSocket clients.
   */
  readsLive: readonly EventCatalog[];
  /** Durable consumers of the app (`bus.subscribe`), by name, with the catalog each reads. */
  consumes: readonly { name: string; source: EventCatalog }[];
}

/** The event routes of every app that uses events; an app not listed uses none. */
export const EVENT_ROUTES: Partial<Record<AppName, EventRoutes>> = {
  gateway: { publishes: [], readsLive: [TODOS_EVENTS, AUTH_EVENTS], consumes: [] },
  auth: { publishes: [AUTH_EVENTS], readsLive: [], consumes: [] },
  todos: { publishes: [TODOS_EVENTS], readsLive: [], consumes: [{ name: 'todos-account-deletion', source: AUTH_EVENTS }] },
};
