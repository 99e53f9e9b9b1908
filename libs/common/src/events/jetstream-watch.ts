import { setTimeout as sleep } from 'node:timers/promises';
import { DeliverPolicy, jetstream, type ConsumerMessages, type OrderedConsumerOptions } from '@nats-io/jetstream';
import { OutageLog } from '../logging/outage-log.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventListener, EventWatch } from './event-watch.js';
import type { JetStreamConnection } from './jetstream-connection.js';
import { untilAborted } from './until-aborted.js';
import { backoffMs } from './wakeup.js';

/** What a JetStream watch reads: a stream, made ready by `ready` first. */
export interface WatchedStream {
  stream: string;
  ready(): Promise<void>;
}

/**
 * A watch over JetStream: an ordered consumer of this process's own (ephemeral, no acks, pulled
 * in stream order, recreated by the client after a gap), starting with the events published from
 * now on. When the connection comes back after a loss, or the client gives up on the consumer
 * (the stream recreated, say), a new one starts after the last stream sequence heard.
 */
export function watchJetStream(connection: JetStreamConnection, watched: WatchedStream, listener: EventListener): EventWatch {
  const stopping = new AbortController();
  const { signal } = stopping;
  const outage = new OutageLog('EventWatch', (reason) => `Watching ${watched.stream} failed (${reason}); retrying`, `Watching ${watched.stream} again`);
  let active: ConsumerMessages | undefined;
  let lastSequence = 0;
  // The client library notices a lost pull only at its next missed heartbeat (tens of seconds):
  // after a reconnect, start a fresh consumer after the last event heard at once instead.
  const unsubscribe = connection.onBack(() => void active?.close());

  // No subject filter: the stream holds exactly the context's events (and nats-server before
  // 2.10 takes no filter list).
  const options = (): Partial<OrderedConsumerOptions> =>
    lastSequence > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: lastSequence + 1 } : { deliver_policy: DeliverPolicy.New };

  const loop = (async () => {
    for (let failures = 0; !signal.aborted; ) {
      try {
        // Stopping ends the wait for a connection (or a stream) that may never come.
        await untilAborted(watched.ready(), signal);
        const consumer = await jetstream(await untilAborted(connection.connection(), signal)).consumers.get(watched.stream, options());
        active = await consumer.consume();
        outage.recovered();
        failures = 0;
        for await (const message of active) {
          lastSequence = message.seq;
          let event: EventEnvelope;
          try {
            event = message.json<EventEnvelope>();
          } catch {
            continue; // not an event this platform wrote
          }
          listener(event);
        }
        if (!signal.aborted) throw new Error('the ordered consumer stopped');
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        outage.report(error);
        await sleep(backoffMs(failures, 250, 5000), undefined, { signal }).catch(() => undefined);
      } finally {
        active = undefined;
      }
    }
  })();

  return {
    stop: async () => {
      stopping.abort();
      unsubscribe();
      await active?.close();
      await loop;
    },
  };
}
