import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client, type Pool } from 'pg';
import type { Registry } from 'prom-client';
import { defineEvents } from '../../libs/common/src/events/event-catalog.js';
import type { EventEnvelope } from '../../libs/common/src/events/event-envelope.js';
import { EVENT_TABLES_SQL } from '../../libs/common/src/events/outbox-schema.js';

/** A context of the tests' own: notes, renamed and archived. */
export interface NotePayload {
  title: string;
  n: number;
}
export interface NoteEvents {
  'note.created': NotePayload;
  'note.renamed': NotePayload;
}
export const NOTE_EVENTS = defineEvents<NoteEvents>('notes', { 'note.created': 1, 'note.renamed': 2 });

/** A fresh name for a schema, a subject prefix or a consumer. */
export const uniqueName = (label: string): string => `${label}_${randomBytes(4).toString('hex')}`;

/**
 * Creates `schema` in the database at `url` with the event tables exactly as a context's migration
 * adds them, plus `notes` (the aggregate) and `effects` (what consumers did, one row per handling,
 * so a second handling of an event shows).
 */
export async function createEventSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
    await client.query(EVENT_TABLES_SQL);
    await client.query(`CREATE TABLE notes (id uuid PRIMARY KEY, title text NOT NULL, version int NOT NULL DEFAULT 1)`);
    await client.query(`CREATE TABLE effects (seq bigserial PRIMARY KEY, consumer text NOT NULL, event_id uuid NOT NULL, aggregate_id text NOT NULL, n int NOT NULL)`);
  } finally {
    await client.end();
  }
}

export async function dropEventSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Records one handling of `event` by `consumer` in `effects`. */
export async function recordEffect(db: Pick<Pool, 'query'>, consumer: string, event: EventEnvelope<string, NotePayload>): Promise<void> {
  await db.query('INSERT INTO effects (consumer, event_id, aggregate_id, n) VALUES ($1, $2, $3, $4)', [consumer, event.id, event.aggregateId, event.payload.n]);
}

/** Every stream whose name starts with the prefix's token, deleted (the shared NATS keeps no test's streams). */
export async function deleteStreams(natsUrl: string, prefix: string): Promise<void> {
  const client = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(client);
    const token = prefix.replaceAll('.', '_');
    for await (const name of jsm.streams.names()) if (name.startsWith(token)) await jsm.streams.delete(name);
  } finally {
    await client.close();
  }
}

/** Every message of a stream, in stream order, as envelopes (the stream must exist). */
export async function streamEvents(natsUrl: string, stream: string): Promise<EventEnvelope[]> {
  const client = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(client);
    const { state } = await jsm.streams.info(stream);
    const events: EventEnvelope[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq += 1) {
      const message = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (message) events.push(message.json<EventEnvelope>());
    }
    return events;
  } finally {
    await client.close();
  }
}

/** The value of a series of `registry` with these labels, as a scrape would read it. */
export async function sample(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  return metric?.values.find((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))?.value;
}
