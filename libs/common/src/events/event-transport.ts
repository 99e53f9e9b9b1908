import type { ReadinessCheck } from '../health/readiness.registry.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventSubscription } from './event-subscription.js';
import type { EventListener, EventWatch } from './event-watch.js';
import type { ReplayLimits } from './jetstream-replay.js';

/** Where a context's relay hands its events. */
export interface EventPublisher {
  /**
   * Resolves once `event` is safely handed on — stored and acknowledged by JetStream, or handled
   * (or dead-lettered) by every in-process consumer — and only then may its outbox row be marked
   * published. Rejects when that is not certain; the relay then tries again later, and the
   * event's id makes the repeat harmless.
   */
  publish(context: string, event: EventEnvelope): Promise<void>;
}

/** An event a consumer gave up on after its last delivery. */
export interface DeadLetter {
  consumer: string;
  event: EventEnvelope;
  deliveries: number;
  error: string;
}

/** How events travel between a context's outbox and its consumers: JetStream, or in-process. */
export interface EventTransport extends EventPublisher {
  readonly kind: 'jetstream' | 'local';
  /** Starts delivering to `subscription` (once the app is up). */
  consume(subscription: EventSubscription): Promise<void>;
  /** Prepares what publishing `context`'s events needs (JetStream: its stream) ahead of the first publish. */
  provision?(context: string): void;
  /** Hands `context`'s events published from now on to `listener`, in this process (see EventListener). */
  watch(context: string, listener: EventListener): EventWatch;
  /**
   * The events of `context` published after the event `afterId` that `accept` takes, in order;
   * undefined when that cannot be told (no stream to read, the event is not in it any more, or
   * the replay would cost more than `limits`).
   */
  replay(context: string, afterId: string, accept: (event: EventEnvelope) => boolean, limits: ReplayLimits): Promise<EventEnvelope[] | undefined>;
  /** Consumer lag: events of its source not yet delivered to the consumer; undefined when unknown. */
  lag(consumer: string): Promise<number | undefined>;
  /** Registered as the `jetstream` readiness check when the transport has one. */
  readonly readiness?: ReadinessCheck;
  /** Stops consuming and closes connections; in-flight handlers finish first. */
  close(): Promise<void>;
}
