import type { EventCatalog, EventPayloads } from './event-catalog.js';
import type { EventEnvelope } from './event-envelope.js';
import type { Inbox } from './inbox.js';

/** The envelope of one of a catalog's types, with that type's payload. */
export type CatalogEnvelope<P extends EventPayloads, T extends keyof P & string> = { [K in T]: EventEnvelope<K, P[K] & object> }[T];

/** How often a consumer is given an event that fails, and how long it waits in between. */
export interface DeliveryPolicy {
  /** Deliveries in all (the first included) before the event goes to the dead-letter subject. */
  maxDeliveries: number;
  /** Wait before the 2nd, 3rd, … delivery; the last entry repeats. */
  backoffMs: number[];
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxDeliveries: 5, backoffMs: [1000, 5000, 15_000, 30_000] };

interface SubscriptionBase<P extends EventPayloads, T extends keyof P & string> {
  /** The consumer's durable name, unique in the deployment: `<context>-<purpose>`, e.g. `todos-account-deletion`. */
  name: string;
  /** The publishing context's catalog (from its contract). */
  source: EventCatalog<P>;
  /** The types it handles; other events of the source are acknowledged unhandled. */
  types: readonly T[];
  delivery?: Partial<DeliveryPolicy>;
}

/** A consumer whose effect happens once per event through its inbox: the handler runs in the inbox's transaction. */
export interface InboxSubscription<P extends EventPayloads, T extends keyof P & string, Tx> extends SubscriptionBase<P, T> {
  inbox: Inbox<Tx>;
  handle(event: CatalogEnvelope<P, T>, tx: Tx): Promise<void>;
}

/** A consumer whose effect is idempotent by itself (deleting what may be gone already, say): no inbox. */
export interface IdempotentSubscription<P extends EventPayloads, T extends keyof P & string> extends SubscriptionBase<P, T> {
  inbox?: undefined;
  handle(event: CatalogEnvelope<P, T>): Promise<void>;
}

/** What a context registers to consume events (see EventBus.subscribe). */
export type Subscription<P extends EventPayloads, T extends keyof P & string, Tx = never> = InboxSubscription<P, T, Tx> | IdempotentSubscription<P, T>;

/** A subscription as the transports run it, its types erased and its policy complete. */
export interface EventSubscription {
  readonly name: string;
  readonly context: string;
  readonly types: ReadonlySet<string>;
  readonly delivery: DeliveryPolicy;
  /** Runs the handler once for the event (through the inbox when there is one); false when the inbox had it already. */
  run(event: EventEnvelope): Promise<boolean>;
}

/** Durable consumer names are JetStream consumer names: letters, digits, `-` and `_`. */
const CONSUMER_NAME = /^[A-Za-z0-9_-]{1,100}$/;

/** Checks and completes a subscription. */
export function eventSubscription<P extends EventPayloads, T extends keyof P & string, Tx>(subscription: Subscription<P, T, Tx>): EventSubscription {
  if (!CONSUMER_NAME.test(subscription.name)) throw new Error(`Invalid consumer name "${subscription.name}": letters, digits, - and _`);
  const unknown = subscription.types.filter((type) => !(type in subscription.source.versions));
  if (unknown.length > 0 || subscription.types.length === 0) {
    throw new Error(`Consumer ${subscription.name} subscribes to types the ${subscription.source.context} catalog does not declare: ${unknown.join(', ') || '(none given)'}`);
  }
  const delivery = { ...DEFAULT_DELIVERY_POLICY, ...subscription.delivery };
  if (!Number.isInteger(delivery.maxDeliveries) || delivery.maxDeliveries < 1 || delivery.backoffMs.length === 0) {
    throw new Error(`Consumer ${subscription.name}: maxDeliveries must be a positive integer and backoffMs must have a step`);
  }
  const { name } = subscription;
  const run = (event: EventEnvelope): Promise<boolean> => {
    const typed = event as CatalogEnvelope<P, T>;
    if (subscription.inbox === undefined) return subscription.handle(typed).then(() => true);
    const { inbox, handle } = subscription;
    return inbox.once(name, event.id, (tx) => handle(typed, tx));
  };
  return { name, context: subscription.source.context, types: new Set<string>(subscription.types), delivery, run };
}

/** Wait before delivery number `delivery` (2 = the first redelivery). */
export function redeliveryDelayMs(policy: DeliveryPolicy, delivery: number): number {
  const steps = policy.backoffMs;
  return steps[Math.min(Math.max(0, delivery - 2), steps.length - 1)];
}
