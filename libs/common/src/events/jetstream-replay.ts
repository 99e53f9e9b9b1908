import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { EventEnvelope } from './event-envelope.js';
import type { JetStreamConnection } from './jetstream-connection.js';

/** What a replay may cost: messages read from the stream, and time. */
export interface ReplayLimits {
  maxScanned: number;
  timeoutMs: number;
}

/**
 * Starts this long before the time in the event's id: the id is made by the writing app, the
 * stream's timestamps by the NATS server, whose clocks may disagree a little. An event is
 * stored after it was written (the relay publishes after commit), so this is the only slack.
 */
const CLOCK_SLACK_MS = 10_000;

/** The millisecond time of a UUID v7 (its first 48 bits); undefined for anything else. */
export function uuidV7Time(id: string): number | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id)) return undefined;
  return Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}

/**
 * The events `accept`ed among those the stream stored after the event `afterId`, in stream
 * order, read with an ordered consumer of their own from shortly before the id's time up to the
 * stream's last message at the start. Undefined when that event is not in the stream (expired,
 * purged, never published there, not an event id) or the replay would exceed `limits`.
 */
export async function replayJetStream(
  connection: JetStreamConnection,
  stream: string,
  afterId: string,
  accept: (event: EventEnvelope) => boolean,
  limits: ReplayLimits,
): Promise<EventEnvelope[] | undefined> {
  const time = uuidV7Time(afterId);
  if (time === undefined) return undefined;
  const client = await connection.connection();
  const { state } = await (await jetstreamManager(client, { timeout: limits.timeoutMs })).streams.info(stream);
  const start = time - CLOCK_SLACK_MS;
  if (state.messages === 0 || Date.parse(state.last_ts) < start) return undefined;
  const consumer = await jetstream(client, { timeout: limits.timeoutMs }).consumers.get(stream, { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(start).toISOString() });
  const messages = await consumer.consume();
  const timer = setTimeout(() => void messages.close(), limits.timeoutMs);
  const replayed: EventEnvelope[] = [];
  let found = false;
  let complete = false;
  try {
    let scanned = 0;
    for await (const message of messages) {
      scanned += 1;
      const event = parsed(message.data);
      if (found && event && accept(event)) replayed.push(event);
      if (event?.id === afterId) found = true;
      if (message.seq >= state.last_seq) {
        complete = true;
        break;
      }
      if (scanned >= limits.maxScanned) break;
    }
  } finally {
    clearTimeout(timer);
    await messages.close();
  }
  return found && complete ? replayed : undefined;
}

/** The envelope in a message's data; undefined for anything this platform did not write. */
function parsed(data: Uint8Array): EventEnvelope | undefined {
  try {
    return JSON.parse(new TextDecoder().decode(data)) as EventEnvelope;
  } catch {
    return undefined;
  }
}
