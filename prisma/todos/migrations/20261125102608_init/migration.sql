-- Trigram operator classes for the title search index (todos_title_idx). pg_trgm ships with
-- PostgreSQL's contrib modules (15, 17) and is a trusted extension: creating it needs only the
-- CREATE privilege on the database. It lands in this context's schema (the search_path).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "todo_priority" AS ENUM ('low', 'medium', 'high');

-- CreateTable
CREATE TABLE "todos" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "parent_id" UUID,
    "title" VARCHAR(200) NOT NULL,
    "description" VARCHAR(10000),
    "due_at" TIMESTAMPTZ(3),
    "priority" "todo_priority" NOT NULL DEFAULT 'medium',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "done" BOOLEAN NOT NULL DEFAULT false,
    "completed_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "todos_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "owner_id" UUID NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "response" JSONB NOT NULL,
    "todo_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("owner_id","key")
);

-- CreateIndex
CREATE INDEX "todos_owner_id_created_at_id_idx" ON "todos"("owner_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "todos_owner_id_done_idx" ON "todos"("owner_id", "done");

-- CreateIndex
CREATE INDEX "todos_parent_id_idx" ON "todos"("parent_id");

-- CreateIndex
CREATE INDEX "todos_tags_idx" ON "todos" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "todos_title_idx" ON "todos" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

-- AddForeignKey
ALTER TABLE "todos" ADD CONSTRAINT "todos_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "todos"("id") ON DELETE CASCADE ON UPDATE CASCADE;
