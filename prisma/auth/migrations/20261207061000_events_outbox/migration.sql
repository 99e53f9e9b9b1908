-- The auth context's transactional outbox (see docs/architecture.md "Events"): registration,
-- account deletion and every revocation of sessions write their event here in the same
-- transaction as the change; the relay publishes pending rows in order.
-- CreateTable
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

-- CreateIndex
CREATE UNIQUE INDEX "outbox_events_id_key" ON "outbox_events"("id");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_sequence_idx" ON "outbox_events"("published_at", "sequence");
