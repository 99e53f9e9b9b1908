import { setTimeout as sleep } from 'node:timers/promises';
import type { EventEnvelope } from './event-envelope.js';
import type { EventDeliveries } from './event-delivery.js';
import type { EventSubscription } from './event-subscription.js';
import type { DeadLetter, EventTransport } from './event-transport.js';
import type { EventListener, EventWatch } from './event-watch.js';

/** Thrown to a relay whose publish was cut short by shutdown: the row stays pending for the next start. */
export class EventBusStoppedError extends Error {
  constructor() {
    super('The in-process event bus is stopping');
    this.name = 'EventBusStoppedError';
  }
}

/**
 * Events without a broker (`EVENTS_TRANSPORT=local`, what `npm start` uses): a relay's publish
 * hands the event to every consumer of this process subscribed to its type and resolves once
 * each has handled it, or given up on it after its last delivery — only then is the outbox row
 * marked published. So the guarantees are JetStream's within the process: a crash before that
 * leaves the row pending, and it is delivered again after the restart (inboxes recognise what
 * was handled). The price: a consumer that keeps failing holds up its source's later events
 * for its back-off, as it would with JetStream, where a consumer also takes one event at a time.
 * Dead letters are logged and counted, and handed to `onDeadLetter` listeners.
 */
export class LocalEventTransport implements EventTransport {
  readonly kind = 'local';
  private readonly subscriptions: EventSubscription[] = [];
  private readonly deadLetterListeners: ((letter: DeadLetter) => void)[] = [];
  private readonly watchers = new Set<{ context: string; listener: EventListener }>();
  private readonly stopping = new AbortController();

  constructor(private readonly deliveries: EventDeliveries) {}

  async consume(subscription: EventSubscription): Promise<void> {
    this.subscriptions.push(subscription);
  }

  async lag(): Promise<number | undefined> {
    // Nothing waits between the outbox and a consumer here: the outbox backlog is the lag.
    return undefined;
  }

  /** Calls `listener` with every event a consumer of this process gave up on. */
  onDeadLetter(listener: (letter: DeadLetter) => void): void {
    this.deadLetterListeners.push(listener);
  }

  watch(context: string, listener: EventListener): EventWatch {
    const watcher = { context, listener };
    this.watchers.add(watcher);
    return { stop: async () => void this.watchers.delete(watcher) };
  }

  async replay(): Promise<EventEnvelope[] | undefined> {
    // Nothing keeps published events in the process.
    return undefined;
  }

  async publish(context: string, event: EventEnvelope): Promise<void> {
    // Watchers hear it at once, whatever the consumers' pace.
    for (const watcher of this.watchers) if (watcher.context === context) watcher.listener(event);
    const consumers = this.subscriptions.filter((subscription) => subscription.context === context && subscription.types.has(event.type));
    await Promise.all(consumers.map((subscription) => this.deliverUntilSettled(subscription, event)));
  }

  async close(): Promise<void> {
    this.stopping.abort(new EventBusStoppedError());
  }

  private async deliverUntilSettled(subscription: EventSubscription, event: EventEnvelope): Promise<void> {
    for (let delivery = 1; ; delivery += 1) {
      if (this.stopping.signal.aborted) throw new EventBusStoppedError();
      const outcome = await this.deliveries.deliver(subscription, event, delivery);
      if (outcome.kind === 'done') return;
      if (outcome.kind === 'dead') {
        const letter: DeadLetter = { consumer: subscription.name, event, deliveries: delivery, error: outcome.error };
        for (const listener of this.deadLetterListeners) listener(letter);
        this.deliveries.deadLettered(subscription, event, delivery, outcome.error, 'the log (in-process events have no dead-letter subject)');
        return;
      }
      await sleep(outcome.delayMs, undefined, { signal: this.stopping.signal }).catch(() => {
        throw new EventBusStoppedError();
      });
    }
  }
}
