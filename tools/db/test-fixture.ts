// Test support (not a spec): a throw-away context in a temp directory, so the migration tool's
// tests do not depend on the real contexts, which have no models yet.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextPaths, type ContextPaths } from './contexts.js';

/** Two models with a relation (foreign keys exercise the `"char"` introspection quirk) and an enum. */
export const SCHEMA_V1 = `datasource db {
  provider = "postgresql"
}

enum Priority {
  low
  medium
  high
}

model Item {
  id        String   @id @default(uuid()) @db.Uuid
  title     String
  priority  Priority @default(medium)
  createdAt DateTime @default(now())
  tags      Tag[]
}

model Tag {
  id     Int    @id @default(autoincrement())
  name   String
  itemId String @db.Uuid
  item   Item   @relation(fields: [itemId], references: [id], onDelete: Cascade)

  @@unique([itemId, name])
}
`;

/** V1 plus one column: the schema change the tests turn into a migration. */
export const SCHEMA_V2 = SCHEMA_V1.replace('  title     String\n', '  title     String\n  done      Boolean  @default(false)\n');

/** A context named `context` under a temp root laid out like the repository (`prisma/<context>/`). */
export interface FixtureContext {
  root: string;
  context: string;
  paths: ContextPaths;
  writeSchema(schema: string): void;
  /** Adds a hand-written migration folder. */
  addMigration(name: string, script: string): void;
  /** Migration folder names, oldest first. */
  migrationNames(): string[];
  remove(): void;
}

/** Creates the fixture with `schema` as its schema.prisma and no migrations yet. */
export function createFixtureContext(context: string, schema = SCHEMA_V1): FixtureContext {
  const root = mkdtempSync(join(tmpdir(), 'ficus-migrations-'));
  const paths = contextPaths(context, root);
  mkdirSync(join(root, 'prisma', context), { recursive: true });
  const fixture: FixtureContext = {
    root,
    context,
    paths,
    writeSchema: (text) => writeFileSync(paths.schemaFile, text),
    addMigration: (name, script) => {
      mkdirSync(join(paths.migrationsDir, name), { recursive: true });
      writeFileSync(join(paths.migrationsDir, name, 'migration.sql'), script);
    },
    migrationNames: () =>
      readdirSync(paths.migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .toSorted(),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  fixture.writeSchema(schema);
  return fixture;
}
