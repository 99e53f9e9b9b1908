import type { EventCatalog } from '../events/event-catalog.js';
import type { FacadeContract } from './facade-contract.js';

/** The facade methods an app calls on one context, with their message patterns. */
export type CalledPatterns = Readonly<Record<string, string>>;

/** Which app publishes and reads which events over JetStream (the NATS users follow it). */
export interface EventRoutes {
  /** The catalogs of the contexts whose outbox the app relays: its own context's, when split. */
  readonly publishes: readonly EventCatalog[];
  /**
   * Streams the app reads with consumers of each instance's own (ordered, ephemeral, unacked):
   * what every instance must see, such as the gateway's live updates to its WebSocket clients.
   */
  readonly readsLive: readonly EventCatalog[];
  /** Durable consumers of the app (`bus.subscribe`), by name, with the catalog each reads. */
  readonly consumes: readonly { readonly name: string; readonly source: EventCatalog }[];
}

/**
 * An app as the platform must know it before running it: its name, which facade methods its
 * code calls on which context (its rights: a context app refuses anything else from it), and
 * the events it publishes or reads.
 */
export interface AppDescriptor {
  /** The app's name: one lower-case word (log name, NATS user, key owner). */
  readonly name: string;
  /** Per context it calls, the methods it calls and their patterns; none for an app calling nothing. */
  readonly calls?: Readonly<Record<string, CalledPatterns>>;
  /** The events it uses; none for an app that uses none. */
  readonly events?: EventRoutes;
}

/**
 * A bounded context, described once next to itself (apps/<ctx>/src/contract/<ctx>.descriptor.ts)
 * and registered in apps/contexts.ts: everything the platform and the tools derive for it (who
 * may call what, which calls only read, its app, its port, its database) comes from here.
 */
export interface ContextDescriptor<F = unknown> extends AppDescriptor {
  /** The facade it serves, in-process and remotely. Its `context` is the descriptor's name. */
  readonly contract: FacadeContract<F>;
  /**
   * The methods that only read: a repeat of one changes nothing, so while the replay cache
   * cannot answer they pass unchecked (as rate limiting fails open for reads).
   */
  readonly readMethods?: { readonly [K in keyof F]?: true };
  /** Its TCP port when served over TCP and `<CTX>_TCP_PORT` is unset. */
  readonly defaultTcpPort: number;
  /**
   * Whether it stores data: `prisma/<name>/` and a Postgres schema of its name. An app hosting
   * it then needs `DATABASE_URL` or `<NAME>_DATABASE_URL`.
   */
  readonly database: boolean;
  /**
   * Settings an app hosting it cannot start without, beyond its database, each with what to
   * put there: reported with every other bad key at start-up.
   */
  readonly hostRequires?: readonly { readonly key: string; readonly hint: string }[];
}

/**
 * Every app of a deployment: the edge (the app that authenticates users and serves HTTP) and
 * the contexts, each also an app of its own name. apps/contexts.ts declares it; the platform
 * and the tools are handed it (see registerApps).
 */
export interface AppRegistry {
  readonly edge: AppDescriptor;
  readonly contexts: readonly ContextDescriptor[];
}

/** Declares a context; typed by its facade, so read methods and contract must agree. */
export const defineContext = <F>(descriptor: ContextDescriptor<F>): ContextDescriptor<F> => descriptor;

/** The names of a registry's apps: the edge first, then one per context, in registration order. */
export const appNamesOf = (apps: AppRegistry): string[] => [apps.edge.name, ...apps.contexts.map((context) => context.name)];
