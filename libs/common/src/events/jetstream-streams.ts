import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType, type ConsumerConfig, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { EventSubscription } from './event-subscription.js';
import { deadLetterStreamName, deadLetterStreamSubjects, eventStreamName, eventStreamSubjects, eventSubject } from './jetstream-names.js';

/**
 * How long a publish of the same event id is recognised as a repeat. A relay publishes a row
 * again only when it did not get the acknowledgement, after at most its capped back-off — or,
 * after an outage, as soon as NATS is back: an outage longer than this may let one event be
 * stored twice, which consumers' inboxes absorb.
 */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** A consumer's handler may run this long before JetStream assumes it died and redelivers. */
export const ACK_WAIT_MS = 30_000;

function streamConfig(name: string, subjects: string, retentionS: number): Partial<StreamConfig> & { name: string } {
  return {
    name,
    subjects: [subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(retentionS * 1000),
    duplicate_window: nanos(Math.min(DUPLICATE_WINDOW_MS, retentionS * 1000)),
  };
}

/** A context's event stream: every event of the context, kept for the retention. */
export function eventStreamConfig(prefix: string, context: string, retentionS: number): Partial<StreamConfig> & { name: string } {
  return streamConfig(eventStreamName(prefix, context), eventStreamSubjects(prefix, context), retentionS);
}

export function deadLetterStreamConfig(prefix: string, retentionS: number): Partial<StreamConfig> & { name: string } {
  return streamConfig(deadLetterStreamName(prefix), deadLetterStreamSubjects(prefix), retentionS);
}

/**
 * A subscription's durable pull consumer: explicit acks, one event in flight at a time (so a
 * consumer sees an aggregate's events in order, also across its instances), and one delivery
 * beyond the subscription's own limit, kept for handing the event to the dead-letter subject
 * when that failed the first time.
 */
export function consumerConfig(prefix: string, subscription: EventSubscription): Partial<ConsumerConfig> & { durable_name: string } {
  const types = [...subscription.types];
  return {
    durable_name: subscription.name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ACK_WAIT_MS),
    max_ack_pending: 1,
    max_deliver: subscription.delivery.maxDeliveries + 1,
    // nats-server before 2.10 takes one filter: one type's subject, or the whole stream.
    filter_subject: types.length === 1 ? eventSubject(prefix, subscription.context, types[0]) : eventStreamSubjects(prefix, subscription.context),
  };
}

/** Creates the stream, or brings an existing one to `config`. */
export async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.add(config);
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error;
    // It exists with another configuration (a new retention, say).
    await jsm.streams.update(config.name, config);
  }
}

/** Creates the durable consumer, or brings an existing one to `config`. */
export async function ensureConsumer(jsm: JetStreamManager, stream: string, config: Partial<ConsumerConfig> & { durable_name: string }): Promise<void> {
  try {
    await jsm.consumers.add(stream, config);
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error;
    await jsm.consumers.update(stream, config.durable_name, config);
  }
}
