import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EVENT_TABLES_PRISMA, EVENT_TABLES_SQL } from '../../libs/common/src/events/outbox-schema.js';
import { detectDrift } from '../../tools/db/operations.js';
import { createFixtureContext, type FixtureContext } from '../../tools/db/test-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/**
 * The snippets a context copies to publish and consume events: the migration SQL and the Prisma
 * models describe the same tables (the migration tool finds no drift between them), and
 * docs/architecture.md shows exactly these.
 */
describe('the event tables a context adds', () => {
  let database: TestDatabase;
  let context: FixtureContext;

  beforeAll(async () => {
    database = await createTestDatabase('event_tables');
    context = createFixtureContext('eventsfixture', `datasource db {\n  provider = "postgresql"\n}\n\n${EVENT_TABLES_PRISMA}`);
    context.addMigration('20261207000000_events', EVENT_TABLES_SQL);
  });
  afterAll(async () => {
    context?.remove();
    await database?.drop();
  });

  it('as SQL and as Prisma models, without drift', async () => {
    await expect(detectDrift({ context: context.context, url: database.url, paths: context.paths })).resolves.toBeNull();
  });

  it('are shown in docs/architecture.md exactly', () => {
    const docs = readFileSync(resolve(__dirname, '../../docs/architecture.md'), 'utf8');
    expect(docs).toContain(EVENT_TABLES_SQL);
    expect(docs).toContain(EVENT_TABLES_PRISMA);
  });
});
