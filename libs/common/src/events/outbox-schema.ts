// The tables a context adds to its own schema to publish and consume events, as SQL for its
// migration and as Prisma models for its schema.prisma. docs/architecture.md ("Events") shows
// both; a test checks that the two describe the same tables (no drift) and that the docs show
// exactly these.

/** The SQL a context's migration adds (run in the context's schema, like the rest of its migration). */
export const EVENT_TABLES_SQL = `-- Events this context wrote in its transactions; the relay publishes them in sequence order.
CREATE TABLE "outbox_events" (
    "sequence" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "type" VARCHAR(100) NOT NULL,
    "version" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "aggregate_id" VARCHAR(100) NOT NULL,
    "owner_id" VARCHAR(100),
    "payload" JSONB NOT NULL,
    "request_id" VARCHAR(128),
    "traceparent" VARCHAR(55) NOT NULL DEFAULT '',
    "tracestate" VARCHAR(512) NOT NULL DEFAULT '',
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" VARCHAR(500),

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("sequence")
);
CREATE UNIQUE INDEX "outbox_events_id_key" ON "outbox_events"("id");
-- Pending rows in order (published_at IS NULL), and the purge of old published ones.
CREATE INDEX "outbox_events_published_at_sequence_idx" ON "outbox_events"("published_at", "sequence");

-- Events this context's consumers have handled, written in the same transaction as the effect.
CREATE TABLE "inbox_events" (
    "consumer" VARCHAR(100) NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_events_pkey" PRIMARY KEY ("consumer","event_id")
);
-- The purge of ids older than the retention.
CREATE INDEX "inbox_events_processed_at_idx" ON "inbox_events"("processed_at");
`;

/** The same tables as models for the context's schema.prisma. */
export const EVENT_TABLES_PRISMA = `/// Events this context wrote in its transactions (the transactional outbox); the relay
/// publishes them in sequence order. Written and read through @ficus/common's events only.
model OutboxEvent {
  sequence    BigInt    @id @default(autoincrement())
  id          String    @unique @db.Uuid
  type        String    @db.VarChar(100)
  version     Int
  occurredAt  DateTime  @map("occurred_at") @db.Timestamptz(3)
  aggregateId String    @map("aggregate_id") @db.VarChar(100)
  ownerId     String?   @map("owner_id") @db.VarChar(100)
  payload     Json
  requestId   String?   @map("request_id") @db.VarChar(128)
  traceparent String    @default("") @db.VarChar(55)
  tracestate  String    @default("") @db.VarChar(512)
  publishedAt DateTime? @map("published_at") @db.Timestamptz(3)
  attempts    Int       @default(0)
  lastError   String?   @map("last_error") @db.VarChar(500)

  // Pending rows in order (published_at IS NULL), and the purge of old published ones.
  @@index([publishedAt, sequence])
  @@map("outbox_events")
}

/// Events this context's consumers have handled (the inbox), written in the same transaction
/// as the effect, so a redelivered event is recognised and skipped.
model InboxEvent {
  consumer    String   @db.VarChar(100)
  eventId     String   @map("event_id") @db.Uuid
  processedAt DateTime @default(now()) @map("processed_at") @db.Timestamptz(3)

  @@id([consumer, eventId])
  // The purge of ids older than the retention.
  @@index([processedAt])
  @@map("inbox_events")
}
`;
