import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { LOCKFILE_CONTENT } from './migrations-folder.js';
import { applyMigrations, createMigration, detectDrift, migrationStatus, type MigrationTarget } from './operations.js';
import { createFixtureContext, SCHEMA_V1, SCHEMA_V2, type FixtureContext } from './test-fixture.js';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * The migration tool end to end, on a fixture context in a temp folder against a real database:
 * create → status → apply → re-apply → hand-written `$$` migration → drift → failed migration.
 * It also pins the behaviour of @prisma/schema-engine-wasm, an internal Prisma package.
 */
describe('migration tool (wasm schema engine)', () => {
  let database: TestDatabase;
  let fixture: FixtureContext;
  let target: MigrationTarget;
  let sql: Client;
  const script = (name: string) => readFileSync(join(fixture.paths.migrationsDir, name, 'migration.sql'), 'utf8');
  const recorded = async () => (await sql.query('SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM fixture._prisma_migrations ORDER BY started_at')).rows;

  beforeAll(async () => {
    database = await createTestDatabase('migrate');
    fixture = createFixtureContext('fixture');
    target = { context: 'fixture', url: database.url, paths: fixture.paths };
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await database?.drop();
    fixture?.remove();
  });

  it('creates a first migration from the schema file, in the Prisma CLI layout', async () => {
    const created = await createMigration(target, 'init');
    expect(created).toEqual({ directory: expect.stringMatching(/\/prisma\/fixture\/migrations\/\d{14}_init$/), warnings: [] });
    const init = script(fixture.migrationNames()[0]);
    expect(init).toContain(`CREATE TYPE "Priority" AS ENUM ('low', 'medium', 'high');`);
    expect(init).toMatch(/CREATE TABLE "Item" \([\s\S]*"priority" "Priority" NOT NULL DEFAULT 'medium'/);
    expect(init).toContain('CREATE UNIQUE INDEX "Tag_itemId_name_key" ON "Tag"("itemId", "name");');
    expect(init).toContain('ALTER TABLE "Tag" ADD CONSTRAINT "Tag_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE');
    expect(readFileSync(join(fixture.paths.migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(LOCKFILE_CONTENT);
  });

  it('writes the lockfile exactly as the pinned Prisma CLI does', () => {
    const prismaPackage = createRequire(import.meta.url).resolve('prisma/package.json');
    const cli = readFileSync(join(dirname(prismaPackage), 'build', 'cli.js'), 'utf8');
    const template = LOCKFILE_CONTENT.replace('"postgresql"', '"${PROVIDER}"').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('PROVIDER', '\\w+');
    expect(cli).toMatch(new RegExp(template));
  });

  it('reports the new migration as pending, then applies it into the context schema', async () => {
    const [init] = fixture.migrationNames();
    await expect(migrationStatus(target)).resolves.toEqual({ context: 'fixture', applied: [], pending: [init], failed: [], edited: [], unknown: [], upToDate: false });
    await expect(applyMigrations(target)).resolves.toEqual([init]);
    await expect(migrationStatus(target)).resolves.toMatchObject({ applied: [init], pending: [], upToDate: true });
    await sql.query(`INSERT INTO fixture."Item" (id, title) VALUES (gen_random_uuid(), 'first')`);
  });

  it('records it in _prisma_migrations with the Prisma CLI checksum (sha256 of migration.sql)', async () => {
    const [init] = fixture.migrationNames();
    const rows = await recorded();
    expect(rows).toEqual([{ migration_name: init, checksum: sha256(join(fixture.paths.migrationsDir, init, 'migration.sql')), finished_at: expect.any(Date), rolled_back_at: null, logs: null }]);
  });

  it('applies nothing the second and third time', async () => {
    await expect(applyMigrations(target)).resolves.toEqual([]);
    await expect(applyMigrations(target)).resolves.toEqual([]);
    expect(await recorded()).toHaveLength(1);
  });

  it('reports no changes when the schema did not change', async () => {
    await expect(createMigration(target, 'nothing')).resolves.toEqual({ directory: null, warnings: [] });
    expect(fixture.migrationNames()).toHaveLength(1);
  });

  it('applies a hand-written migration with a $$ function body as one script', async () => {
    fixture.addMigration('20990101000000_touch_function', `CREATE FUNCTION fixture.touch(value text) RETURNS text AS $$
BEGIN
  RETURN 'touched ' || value;
END;
$$ LANGUAGE plpgsql;
`);
    await expect(migrationStatus(target)).resolves.toMatchObject({ pending: ['20990101000000_touch_function'], upToDate: false });
    await expect(applyMigrations(target)).resolves.toEqual(['20990101000000_touch_function']);
    const { rows } = await sql.query(`SELECT fixture.touch('x') AS result`);
    expect(rows[0].result).toBe('touched x');
  });

  it('detects drift between schema file and migrations; a new migration resolves it and applies', async () => {
    await expect(detectDrift(target)).resolves.toBeNull();
    fixture.writeSchema(SCHEMA_V2);
    await expect(detectDrift(target)).resolves.toMatch(/ALTER TABLE "Item" ADD COLUMN\s+"done" BOOLEAN NOT NULL DEFAULT false/);
    const created = await createMigration(target, 'add_done');
    expect(created.directory).toMatch(/\/\d{14}_add_done$/);
    expect(readFileSync(join(created.directory ?? '', 'migration.sql'), 'utf8')).toMatch(/^-- AlterTable\nALTER TABLE "Item" ADD COLUMN\s+"done" BOOLEAN NOT NULL DEFAULT false;\n$/);
    await expect(detectDrift(target)).resolves.toBeNull();
    await expect(applyMigrations(target)).resolves.toEqual([expect.stringMatching(/_add_done$/)]);
    const { rows } = await sql.query('SELECT title, done FROM fixture."Item"');
    expect(rows).toEqual([{ title: 'first', done: false }]);
  });

  it('leaves nothing of a failing migration behind and reports it clearly until resolved', async () => {
    const failing = '20990102000000_half_done';
    fixture.addMigration(failing, 'CREATE TABLE fixture.half_done (id int);\nSELECT * FROM fixture.does_not_exist;\n');
    await expect(applyMigrations(target)).rejects.toThrow(`Migration ${failing} failed: relation "fixture.does_not_exist" does not exist`);
    const { rows } = await sql.query(`SELECT to_regclass('fixture.half_done') AS relation`);
    expect(rows[0].relation).toBeNull();
    expect((await recorded()).at(-1)).toMatchObject({ migration_name: failing, finished_at: null, logs: expect.stringMatching(/^Database error:\nrelation "fixture.does_not_exist" does not exist\n\n/) });
    await expect(migrationStatus(target)).resolves.toMatchObject({ pending: [], failed: [failing], upToDate: false });
    await expect(applyMigrations(target)).rejects.toThrow(new RegExp(`found failed migrations in the target database[^]*The \`${failing}\` migration started at .* failed`));
  });

  it('refuses a shadow database that is the database being migrated', async () => {
    await expect(detectDrift({ ...target, shadowUrl: database.url })).rejects.toThrow(/SHADOW_DATABASE_URL must name a different database/);
  });

  it('resets an explicit shadow database before replaying migrations into it', async () => {
    const shadow = await createTestDatabase('shadow');
    const fresh = createFixtureContext('fixture', SCHEMA_V1);
    const client = new Client({ connectionString: shadow.url });
    await client.connect();
    try {
      await client.query('CREATE SCHEMA fixture; CREATE TABLE fixture.leftover (id int)');
      // Without a reset, the leftover table would count as built by the (empty) migrations.
      const drift = await detectDrift({ ...target, paths: fresh.paths, shadowUrl: shadow.url });
      expect(drift).toContain('CREATE TABLE "Item"');
      expect(drift).not.toContain('leftover');
      const { rows } = await client.query(`SELECT to_regclass('fixture.leftover') AS relation`);
      expect(rows[0].relation).toBeNull();
    } finally {
      await client.end();
      await shadow.drop();
      fresh.remove();
    }
  });

  it('leaves no temporary shadow database behind', async () => {
    const { rows } = await sql.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${database.name}_shadow_%`]);
    expect(rows).toEqual([]);
  });
});
