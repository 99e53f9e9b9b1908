import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { applyMigrations, createMigration, detectDrift, migrationStatus, type MigrationTarget } from './operations.js';

const SCHEMA_V1 = `datasource db {
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
}
`;
const SCHEMA_V2 = SCHEMA_V1.replace('  title     String\n', '  title     String\n  done      Boolean  @default(false)\n');

/**
 * The migration tool end to end, on a fixture context in a temp folder against a real database:
 * create → apply → re-apply → hand-written migration → drift → failed migration.
 */
describe('migration tool (wasm schema engine)', () => {
  let database: TestDatabase;
  let root: string;
  let target: MigrationTarget;
  let sql: Client;
  let shadowsBefore: number;
  const countShadows = async () => (await sql.query(`SELECT count(*)::int AS count FROM pg_database WHERE datname LIKE 'ficus_shadow_%'`)).rows[0].count as number;
  const migrationsDir = () => join(root, 'prisma', 'fixture', 'migrations');
  const migrationNames = () => readdirSync(migrationsDir(), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).toSorted();
  const addMigration = (name: string, script: string) => {
    mkdirSync(join(migrationsDir(), name), { recursive: true });
    writeFileSync(join(migrationsDir(), name, 'migration.sql'), script);
  };

  beforeAll(async () => {
    database = await createTestDatabase('migrate');
    root = mkdtempSync(join(tmpdir(), 'ficus-migrations-'));
    mkdirSync(join(root, 'prisma', 'fixture'), { recursive: true });
    writeFileSync(join(root, 'prisma', 'fixture', 'schema.prisma'), SCHEMA_V1);
    target = { context: 'fixture', url: database.url, paths: { schemaFile: join(root, 'prisma/fixture/schema.prisma'), migrationsDir: migrationsDir() } };
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    shadowsBefore = await countShadows();
  });
  afterAll(async () => {
    await sql?.end();
    await database?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates a first migration from the schema file, in the Prisma CLI layout', async () => {
    const created = await createMigration(target, 'init');
    expect(created.directory).toMatch(/\/\d{14}_init$/);
    const script = readFileSync(join(created.directory ?? '', 'migration.sql'), 'utf8');
    expect(script).toContain('CREATE TYPE "Priority" AS ENUM');
    expect(script).toContain('CREATE TABLE "Item"');
    expect(readFileSync(join(migrationsDir(), 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
  });

  it('applies it (into the context schema) with the Prisma CLI checksum', async () => {
    const [name] = migrationNames();
    await expect(applyMigrations(target)).resolves.toEqual([name]);
    const { rows } = await sql.query('SELECT migration_name, checksum, finished_at FROM fixture._prisma_migrations');
    const expected = createHash('sha256').update(readFileSync(join(migrationsDir(), name, 'migration.sql'))).digest('hex');
    expect(rows).toEqual([{ migration_name: name, checksum: expected, finished_at: expect.any(Date) }]);
    await sql.query(`INSERT INTO fixture."Item" (id, title) VALUES (gen_random_uuid(), 'first')`);
  });

  it('reports no changes when the schema did not change', async () => {
    await expect(createMigration(target, 'nothing')).resolves.toEqual({ directory: null, warnings: [] });
    expect(migrationNames()).toHaveLength(1);
  });

  it('applies nothing the second time', async () => {
    await expect(applyMigrations(target)).resolves.toEqual([]);
    await expect(applyMigrations(target)).resolves.toEqual([]);
  });

  it('reports a hand-written migration as pending, then applies it, $$ function body included', async () => {
    addMigration('20990101000000_touch_function', `CREATE FUNCTION fixture.touch(value text) RETURNS text AS $$
BEGIN
  RETURN 'touched ' || value;
END;
$$ LANGUAGE plpgsql;
`);
    await expect(migrationStatus(target)).resolves.toMatchObject({ pending: ['20990101000000_touch_function'], upToDate: false });
    await expect(applyMigrations(target)).resolves.toEqual(['20990101000000_touch_function']);
    const { rows } = await sql.query(`SELECT fixture.touch('x') AS result`);
    expect(rows[0].result).toBe('touched x');
    await expect(migrationStatus(target)).resolves.toMatchObject({ pending: [], failed: [], upToDate: true });
  });

  it('detects drift between schema file and migrations, and a new migration resolves it', async () => {
    await expect(detectDrift(target)).resolves.toBeNull();
    writeFileSync(target.paths?.schemaFile ?? '', SCHEMA_V2);
    const drift = await detectDrift(target);
    expect(drift).toMatch(/ALTER TABLE "Item" ADD COLUMN\s+"done" BOOLEAN NOT NULL DEFAULT false/);
    const created = await createMigration(target, 'add_done');
    expect(created.directory).toMatch(/_add_done$/);
    await expect(detectDrift(target)).resolves.toBeNull();
    await expect(applyMigrations(target)).resolves.toEqual([expect.stringMatching(/_add_done$/)]);
    const { rows } = await sql.query('SELECT title, done FROM fixture."Item"');
    expect(rows).toEqual([{ title: 'first', done: false }]);
  });

  it('leaves nothing of a failing migration behind and reports it until resolved', async () => {
    addMigration('20990102000000_half_done', 'CREATE TABLE fixture.half_done (id int);\nSELECT * FROM fixture.does_not_exist;\n');
    await expect(applyMigrations(target)).rejects.toThrow('Migration 20990102000000_half_done failed: relation "fixture.does_not_exist" does not exist');
    const { rows } = await sql.query(`SELECT to_regclass('fixture.half_done') AS relation`);
    expect(rows[0].relation).toBeNull();
    await expect(migrationStatus(target)).resolves.toMatchObject({ failed: ['20990102000000_half_done'], upToDate: false });
    await expect(applyMigrations(target)).rejects.toThrow(/20990102000000_half_done/);
  });

  it('refuses a shadow database that is the database being migrated', async () => {
    await expect(detectDrift({ ...target, shadowUrl: database.url })).rejects.toThrow(/SHADOW_DATABASE_URL must name a different database/);
  });

  it('leaves no temporary shadow database behind', async () => {
    expect(await countShadows()).toBe(shadowsBefore);
  });
});

