-- The todos context's inbox (see docs/architecture.md "Events"): the ids of the events its
-- consumers handled (todos-account-deletion: auth's user.deleted), written in the same
-- transaction as the effect, so a redelivered event changes nothing.
-- CreateTable
CREATE TABLE "inbox_events" (
    "consumer" VARCHAR(100) NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_events_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateIndex
CREATE INDEX "inbox_events_processed_at_idx" ON "inbox_events"("processed_at");
