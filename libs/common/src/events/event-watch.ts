import type { EventEnvelope } from './event-envelope.js';

/**
 * Hears one context's events as they are published, in this process alone: unlike a consumer
 * (`EventBus.subscribe`, shared by a deployment's instances, each event handled once), every
 * instance that watches sees every event. No inbox, no retries, no acknowledgement: what a
 * listener does must not fail the event for anyone else (live updates to clients, say).
 * Events come in publishing order; after a lost connection a watch resumes after the last event
 * it heard, so a listener may see one twice but misses none the stream still holds.
 */
export type EventListener = (event: EventEnvelope) => void;

/** A watch that is running; `stop` ends it. */
export interface EventWatch {
  stop(): Promise<void>;
}
