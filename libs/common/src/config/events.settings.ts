import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AiSettings } from './ai.settings.js';

export const EVENTS_TRANSPORTS = ['jetstream', 'local'] as const;
/** How domain events travel from outboxes to consumers: NATS JetStream, or within the process. */
export type EventsTransport = (typeof EVENTS_TRANSPORTS)[number];

/** Settings of the event platform (docs/architecture.md, "Events"). */
export class EventsSettings extends AiSettings {
  /**
   * `jetstream` (NATS JetStream at NATS_URL) or `local` (an in-process bus: `npm start` needs
   * nothing but Node). Unset: `jetstream` as soon as any context runs in another process —
   * consumers there could not hear an in-process bus — else `local`.
   */
  @IsOptional()
  @IsIn(EVENTS_TRANSPORTS)
  EVENTS_TRANSPORT?: EventsTransport;

  /**
   * How long events are kept: in the JetStream streams (and so how far back a consumer that was
   * away, or a client resuming, can catch up), dead letters, published outbox rows and inbox ids.
   */
  @Type(() => Number)
  @IsInt()
  @Min(3600)
  @Max(365 * 24 * 3600)
  EVENTS_RETENTION_S = 7 * 24 * 3600;

  /**
   * How often the gateway pings each live-updates WebSocket (`GET /ws`); a client that has not
   * answered the previous ping by the next one is gone and its socket is dropped. Each ping
   * also checks the client's access token again (expiry, logout).
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(300_000)
  LIVE_HEARTBEAT_MS = 30_000;

  /**
   * Bytes of live updates the gateway holds for one WebSocket its client does not read fast
   * enough; beyond that the socket is closed with 4008, so a slow client cannot grow the
   * gateway's memory.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  LIVE_MAX_BUFFERED_BYTES = 1024 * 1024;

  /** EVENTS_TRANSPORT, or what it defaults to for this topology. */
  get eventsTransport(): EventsTransport {
    if (this.EVENTS_TRANSPORT) return this.EVENTS_TRANSPORT;
    return this.remoteContexts().length > 0 ? 'jetstream' : 'local';
  }
}
