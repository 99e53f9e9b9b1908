import { createTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { CONTEXTS } from './contexts.js';
import { detectDrift, migrationStatus } from './operations.js';

/**
 * CI's drift check: every context's schema.prisma must be exactly what its migrations build.
 * When this fails, create the missing migration: npm run db:migration -- <context> <name>
 */
describe('every context’s schema file matches its migrations', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('drift');
  });
  afterAll(() => database?.drop());

  it.each(CONTEXTS)('%s has no drift', async (context) => {
    await expect(detectDrift({ context, url: database.url })).resolves.toBeNull();
  });

  it.each(CONTEXTS)('%s is fully migrated in this run’s database', async (context) => {
    await expect(migrationStatus({ context, url: process.env.DATABASE_URL ?? '' })).resolves.toMatchObject({ upToDate: true });
  });
});
