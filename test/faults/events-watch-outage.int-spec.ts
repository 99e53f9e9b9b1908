import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';
import { EventDeliveries, EventMetrics, type EventEnvelope } from '@ficus/common';
import { JetStreamEventTransport } from '../../libs/common/src/events/jetstream-event-transport.js';
import { eventually } from '../support/eventually.js';
import { startThrowawayNats, type ThrowawayNats } from '../support/throwaway/index.js';

jest.setTimeout(60_000);

const envelope = (n: number): EventEnvelope => ({
  id: uuidv7(),
  type: 'note.created',
  version: 1,
  occurredAt: new Date().toISOString(),
  aggregateId: randomUUID(),
  ownerId: null,
  payload: { n },
  requestId: null,
  traceparent: '',
  tracestate: '',
});

/**
 * A watch (what feeds live updates) over a NATS server that is killed and started again (its
 * JetStream store kept): it goes on after the last event it heard — the events published after
 * the restart arrive, none before it twice.
 */
describe('an event watch across a NATS restart', () => {
  let nats: ThrowawayNats;
  let transport: JetStreamEventTransport;

  beforeAll(async () => {
    nats = await startThrowawayNats();
    transport = new JetStreamEventTransport({ servers: nats.url, prefix: 'watch.', retentionS: 3600, publishTimeoutMs: 1000 }, new EventDeliveries(new EventMetrics(new Registry())));
  });
  afterAll(async () => {
    await transport?.close();
    await nats?.stop();
  });

  it('hears what is published after the server came back, and nothing twice', async () => {
    const heard: number[] = [];
    const watch = transport.watch('notes', (event) => heard.push((event.payload as { n: number }).n));
    try {
      // The watch starts from "now": publish until it has heard one.
      await eventually(async () => {
        await transport.publish('notes', envelope(1));
        expect(heard.length).toBeGreaterThan(0);
      });
      const before = heard.length;
      await nats.kill();
      await nats.start();
      await eventually(() => transport.publish('notes', envelope(2)), { timeoutMs: 20_000 });
      await transport.publish('notes', envelope(3));
      await eventually(() => expect(heard.slice(before)).toEqual([2, 3]), { timeoutMs: 20_000 });
    } finally {
      await watch.stop();
    }
  });
});
