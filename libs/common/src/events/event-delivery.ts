import { Logger } from '@nestjs/common';
import { OutageLog } from '../logging/outage-log.js';
import { tracedWork, type MessagingSystem } from '../tracing/message-tracing.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventMetrics } from './event-metrics.js';
import { redeliveryDelayMs, type EventSubscription } from './event-subscription.js';

/**
 * Runs `work` in the logging context of an event: every line logged meanwhile carries the
 * bindings (the request id that caused the event, the event's id and type, the consumer), as a
 * request's lines carry its request id. The platform uses nestjs-pino's `runInContext`.
 */
export type EventLogContext = <T>(bindings: Record<string, unknown>, work: () => Promise<T>) => Promise<T>;

/** Without a logger of requests (a plain script): the work as it is. */
export const withoutLogContext: EventLogContext = (_bindings, work) => work();

/** What the transport does with a delivery once the consumer has had it. */
export type DeliveryOutcome =
  /** Handled (or a redelivery its inbox recognised, or a type it does not handle): acknowledge. */
  | { kind: 'done' }
  /** Failed with deliveries left: deliver again after `delayMs`. */
  | { kind: 'retry'; delayMs: number; error: string }
  /** Failed on its last delivery: hand to the dead-letter subject, then acknowledge. */
  | { kind: 'dead'; error: string };

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The consumer side shared by both transports, so a consumer behaves the same in-process and
 * over JetStream: one delivery of one event to one subscription, in the event's logging
 * context, through its inbox, counted; failures decided against the subscription's policy.
 */
export class EventDeliveries {
  private readonly logger = new Logger('EventConsumer');
  private readonly failureLogs = new Map<string, OutageLog>();

  constructor(
    private readonly metrics: EventMetrics,
    private readonly logContext: EventLogContext = withoutLogContext,
    /** How events reach the consumers (`messaging.system` of their spans): JetStream is NATS'. */
    private readonly system: MessagingSystem = 'nats',
  ) {}

  /** Delivers `event` to `subscription` for the `delivery`th time (1 = first). */
  async deliver(subscription: EventSubscription, event: EventEnvelope, delivery: number): Promise<DeliveryOutcome> {
    const { name } = subscription;
    if (!subscription.types.has(event.type)) {
      this.metrics.handled(name, 'skipped');
      return { kind: 'done' };
    }
    if (delivery > 1) this.metrics.redelivered(name);
    const bindings = { requestId: event.requestId ?? undefined, event: { id: event.id, type: event.type }, consumer: name };
    try {
      // In a `process <type>` span continuing the trace of the request that wrote the event.
      const facts = { system: this.system, destination: event.type, requestId: event.requestId ?? undefined, consumer: name };
      const carrier = event.traceparent ? { traceparent: event.traceparent, tracestate: event.tracestate || undefined } : undefined;
      const fresh = await tracedWork(facts, carrier, event.id, () => this.logContext(bindings, () => subscription.run(event)));
      this.metrics.handled(name, fresh ? 'handled' : 'duplicate');
      this.failureLog(name).recovered();
      return { kind: 'done' };
    } catch (error) {
      this.metrics.handled(name, 'failed');
      this.failureLog(name).report(error);
      if (delivery >= subscription.delivery.maxDeliveries) return { kind: 'dead', error: message(error) };
      return { kind: 'retry', delayMs: redeliveryDelayMs(subscription.delivery, delivery + 1), error: message(error) };
    }
  }

  /** Counts and logs (one line) an event the transport has handed to the dead-letter subject. */
  deadLettered(subscription: EventSubscription, event: EventEnvelope, deliveries: number, error: string, where: string): void {
    this.metrics.deadLettered(subscription.name);
    this.logger.error(
      `Consumer ${subscription.name} gave up on event ${event.id} (${event.type}) after ${deliveries} deliveries: ${error}; sent to ${where}`,
    );
  }

  private failureLog(consumer: string): OutageLog {
    let log = this.failureLogs.get(consumer);
    if (!log) {
      log = new OutageLog(
        'EventConsumer',
        (reason) => `Consumer ${consumer} failed to handle an event (${reason}); it is delivered again, up to its limit, then dead-lettered`,
        `Consumer ${consumer} handles events again`,
      );
      this.failureLogs.set(consumer, log);
    }
    return log;
  }
}
