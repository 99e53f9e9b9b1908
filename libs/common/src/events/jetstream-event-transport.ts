import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { withTimeout } from '@ficus/resilience';
import { OutageLog } from '../logging/outage-log.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventDeliveries } from './event-delivery.js';
import type { EventSubscription } from './event-subscription.js';
import type { EventTransport } from './event-transport.js';
import { JetStreamConnection, type NatsIdentity } from './jetstream-connection.js';
import type { EventListener, EventWatch } from './event-watch.js';
import { deadLetterSubject, eventStreamName, eventSubject } from './jetstream-names.js';
import { consumerConfig, deadLetterStreamConfig, ensureConsumer, ensureStream, eventStreamConfig } from './jetstream-streams.js';
import { replayJetStream, type ReplayLimits } from './jetstream-replay.js';
import { watchJetStream } from './jetstream-watch.js';
import { backoffMs } from './wakeup.js';

export interface JetStreamSettings {
  /** NATS_URL */
  servers: string;
  /** NATS_SUBJECT_PREFIX */
  prefix: string;
  /** How long streams keep events and dead letters (seconds). */
  retentionS: number;
  /** Longest a publish waits for JetStream's acknowledgement (the connection included). */
  publishTimeoutMs?: number;
  /** The app's NATS user and inbox prefix; none on a server without authorization. */
  identity?: NatsIdentity;
}

const DEFAULT_PUBLISH_TIMEOUT_MS = 2000;

/**
 * Events over NATS JetStream: one stream per context, subjects `<prefix>events.<context>.<type>`,
 * each publish deduplicated by the event id (`Nats-Msg-Id`) and acknowledged by JetStream before
 * the relay marks its row; one durable pull consumer per subscription (explicit ack, bounded
 * deliveries with the subscription's back-off, then the dead-letter subject). Streams and
 * consumers are created (or updated) by whichever app needs them first.
 */
export class JetStreamEventTransport implements EventTransport {
  readonly kind = 'jetstream';
  private readonly connection: JetStreamConnection;
  private readonly publishTimeoutMs: number;
  private readonly streams = new Map<string, Promise<void>>();
  private readonly consumers = new Map<string, EventSubscription>();
  private readonly running = new Set<Promise<void>>();
  private readonly active = new Set<ConsumerMessages>();
  private readonly watches = new Set<EventWatch>();
  private readonly consumeOutage = new OutageLog('EventConsumer', (reason) => `Consuming events from JetStream failed (${reason}); retrying`, 'Consuming events from JetStream again');
  private readonly closing = new AbortController();
  private provisioned = false;

  constructor(
    private readonly settings: JetStreamSettings,
    private readonly deliveries: EventDeliveries,
  ) {
    this.connection = new JetStreamConnection(settings.servers, settings.identity);
    this.publishTimeoutMs = settings.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
  }

  /** `/ready`: the connection is up and the streams this app uses exist. */
  readonly readiness = async (signal: AbortSignal): Promise<void> => {
    await this.connection.link.readinessCheck(signal);
    if (!this.provisioned) throw new Error('JetStream streams are not set up yet');
  };

  async publish(context: string, event: EventEnvelope): Promise<void> {
    const { prefix } = this.settings;
    await withTimeout(this.stream(context), this.publishTimeoutMs, 'JetStream stream setup');
    const js = jetstream(await this.connection.connection());
    try {
      await js.publish(eventSubject(prefix, context, event.type), JSON.stringify(event), { msgID: event.id, timeout: this.publishTimeoutMs });
    } catch (error) {
      // The stream may be gone (a server that lost its store): set it up again next time.
      this.streams.delete(context);
      throw error;
    }
  }

  async consume(subscription: EventSubscription): Promise<void> {
    this.consumers.set(subscription.name, subscription);
    const loop = this.consumeLoop(subscription);
    this.running.add(loop);
    void loop.finally(() => this.running.delete(loop));
  }

  /**
   * Sets up `context`'s stream now, retrying until it exists, rather than at the first publish:
   * an instance that does not lead its context's relay publishes nothing, and its `/ready`
   * waits for the streams.
   */
  provision(context: string): void {
    const { signal } = this.closing;
    const loop = (async () => {
      for (let failures = 1; !signal.aborted; failures += 1) {
        try {
          await this.stream(context);
          return;
        } catch {
          await sleep(backoffMs(failures, 250, 5000), undefined, { signal }).catch(() => undefined);
        }
      }
    })();
    this.running.add(loop);
    void loop.finally(() => this.running.delete(loop));
  }

  watch(context: string, listener: EventListener): EventWatch {
    const watch = watchJetStream(this.connection, { stream: eventStreamName(this.settings.prefix, context), ready: () => this.stream(context) }, listener);
    this.watches.add(watch);
    return {
      stop: async () => {
        this.watches.delete(watch);
        await watch.stop();
      },
    };
  }

  async replay(context: string, afterId: string, accept: (event: EventEnvelope) => boolean, limits: ReplayLimits): Promise<EventEnvelope[] | undefined> {
    await this.stream(context);
    return replayJetStream(this.connection, eventStreamName(this.settings.prefix, context), afterId, accept, limits);
  }

  async lag(consumer: string): Promise<number | undefined> {
    const subscription = this.consumers.get(consumer);
    if (!subscription || !this.connection.link.isConnected) return undefined;
    const jsm = await this.manager();
    const info = await jsm.consumers.info(eventStreamName(this.settings.prefix, subscription.context), consumer);
    return info.num_pending;
  }

  async close(): Promise<void> {
    this.closing.abort();
    // Watches, consumers and stream set-ups that are still waiting for a first connection (NATS
    // never reachable since start) wait for ever otherwise: only this ends their wait.
    this.connection.stopDialing();
    for (const watch of this.watches) await watch.stop();
    for (const messages of this.active) await messages.close();
    await Promise.all(this.running);
    await this.connection.close();
  }

  private async manager(): Promise<JetStreamManager> {
    return jetstreamManager(await this.connection.connection(), { timeout: this.publishTimeoutMs });
  }

  /** The context's stream (and the dead-letter stream), set up once per connection's life. */
  private stream(context: string): Promise<void> {
    let setup = this.streams.get(context);
    if (!setup) {
      setup = (async () => {
        const jsm = await this.manager();
        await ensureStream(jsm, eventStreamConfig(this.settings.prefix, context, this.settings.retentionS));
        await ensureStream(jsm, deadLetterStreamConfig(this.settings.prefix, this.settings.retentionS));
        this.provisioned = true;
      })();
      this.streams.set(context, setup);
      setup.catch(() => this.streams.delete(context));
    }
    return setup;
  }

  private async consumeLoop(subscription: EventSubscription): Promise<void> {
    const stream = eventStreamName(this.settings.prefix, subscription.context);
    const { signal } = this.closing;
    for (let failures = 0; !signal.aborted; ) {
      try {
        await this.stream(subscription.context);
        const jsm = await this.manager();
        await ensureConsumer(jsm, stream, consumerConfig(this.settings.prefix, subscription));
        const consumer = await jetstream(await this.connection.connection()).consumers.get(stream, subscription.name);
        const messages = await consumer.consume({ max_messages: 1 });
        this.active.add(messages);
        try {
          this.consumeOutage.recovered();
          failures = 0;
          for await (const message of messages) await this.handle(subscription, message);
        } finally {
          this.active.delete(messages);
        }
        if (!signal.aborted) throw new Error(`the consumer ${subscription.name} stopped receiving`);
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        this.streams.delete(subscription.context);
        this.consumeOutage.report(error);
        await sleep(backoffMs(failures, 250, 5000), undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async handle(subscription: EventSubscription, message: JsMsg): Promise<void> {
    const delivery = message.info.deliveryCount;
    let event: EventEnvelope;
    try {
      event = message.json<EventEnvelope>();
    } catch {
      // Not an event this platform wrote: nothing can ever handle it.
      message.term();
      return;
    }
    if (delivery > subscription.delivery.maxDeliveries) {
      // The delivery kept for the hand-off: the last attempt failed and so did its first hand-off.
      await this.deadLetter(subscription, message, event, delivery, 'handing it to the dead-letter subject failed at first');
      return;
    }
    const outcome = await this.deliveries.deliver(subscription, event, delivery);
    if (outcome.kind === 'done') message.ack();
    else if (outcome.kind === 'retry') message.nak(outcome.delayMs);
    else await this.deadLetter(subscription, message, event, delivery, outcome.error);
  }

  /** Publishes the event to the consumer's dead-letter subject, then terminates it; if that fails, it comes back once more. */
  private async deadLetter(subscription: EventSubscription, message: JsMsg, event: EventEnvelope, deliveries: number, error: string): Promise<void> {
    const subject = deadLetterSubject(this.settings.prefix, subscription.name);
    const meta = headers();
    meta.set('Ficus-Consumer', subscription.name);
    meta.set('Ficus-Deliveries', String(deliveries));
    meta.set('Ficus-Error', error.slice(0, 500).replace(/[\r\n]+/g, ' '));
    try {
      const js: JetStreamClient = jetstream(await this.connection.connection());
      await js.publish(subject, message.data, { msgID: `${subscription.name}:${event.id}`, headers: meta, timeout: this.publishTimeoutMs });
    } catch {
      message.nak(subscription.delivery.backoffMs[0]);
      return;
    }
    message.term();
    this.deliveries.deadLettered(subscription, event, deliveries, error, subject);
  }
}
