import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.js';
import { runDbCommand } from './commands.js';
import { createFixtureContext, type FixtureContext } from './test-fixture.js';

const REPO = resolve(__dirname, '../..');

/**
 * `npm run db:*` as a user sees it: output and exit codes. The commands run in-process on a
 * fixture `todos` context in a temp root; the last test runs the real CLI through tsx.
 */
describe('db commands', () => {
  let database: TestDatabase;
  let fixture: FixtureContext;
  let output: { out: string[]; err: string[] };
  const run = async (...argv: string[]) => {
    output = { out: [], err: [] };
    const env = { DATABASE_URL: database.url };
    const options = { env, root: fixture.root, out: (line: string) => output.out.push(line), err: (line: string) => output.err.push(line) };
    return runDbCommand(argv, options);
  };

  beforeAll(async () => {
    database = await createTestDatabase('commands');
    fixture = createFixtureContext('todos');
  });
  afterAll(async () => {
    await database?.drop();
    fixture?.remove();
  });

  it('db:drift fails, naming the context and the SQL, when migrations lag behind the schema', async () => {
    await expect(run('drift', 'todos')).resolves.toBe(1);
    expect(output.err[0]).toMatch(/^todos: prisma\/todos\/schema.prisma and its migrations disagree[^]*CREATE TABLE "Item"/);
    expect(output.err[1]).toBe('Create the missing migration with: npm run db:migration -- todos <name>');
  });

  it('db:status reports drift without failing on it', async () => {
    await expect(run('status', 'todos')).resolves.toBe(0);
    expect(output.out).toEqual(['todos: up to date, 0 applied; DRIFT: schema.prisma differs from its migrations (npm run db:drift -- todos)']);
  });

  it('db:migration prints the new folder; db:status then fails on the pending migration', async () => {
    await expect(run('migration', 'todos', 'init')).resolves.toBe(0);
    const [name] = fixture.migrationNames();
    expect(output.out).toEqual([`todos: created ${join(fixture.paths.migrationsDir, name)}`]);
    await expect(run('status', 'todos')).resolves.toBe(1);
    expect(output.out).toEqual([`todos: 0 applied; pending: ${name}; no drift`]);
  });

  it('db:migrate applies it once; db:status and db:drift pass; db:migration finds no changes', async () => {
    const [name] = fixture.migrationNames();
    await expect(run('migrate', 'todos')).resolves.toBe(0);
    expect(output.out).toEqual([`todos: applied ${name}`]);
    await expect(run('migrate', 'todos')).resolves.toBe(0);
    expect(output.out).toEqual(['todos: no pending migrations']);
    await expect(run('status', 'todos')).resolves.toBe(0);
    expect(output.out).toEqual(['todos: up to date, 1 applied; no drift']);
    await expect(run('drift', 'todos')).resolves.toBe(0);
    expect(output.out).toEqual(['todos: schema and migrations agree']);
    await expect(run('migration', 'todos', 'again')).resolves.toBe(0);
    expect(output.out).toEqual(['todos: no changes; no migration created']);
  });

  it('reports a failed migration on db:migrate and db:status with exit code 1', async () => {
    fixture.addMigration('20990101000000_broken', 'CREATE TABLE todos.partial (id int);\nSELECT nonsense FROM todos.nowhere;\n');
    await expect(run('migrate', 'todos')).resolves.toBe(1);
    expect(output.err).toEqual(['Migration 20990101000000_broken failed: relation "todos.nowhere" does not exist']);
    await expect(run('status', 'todos')).resolves.toBe(1);
    expect(output.out[0]).toMatch(/^todos: 1 applied; FAILED: 20990101000000_broken; /);
  });

  it('explains wrong usage, unknown contexts and a missing database URL', async () => {
    await expect(run('migration', 'todos')).resolves.toBe(1);
    expect(output.err[0]).toMatch(/^usage: db /);
    await expect(run('status', 'nope')).resolves.toBe(1);
    expect(output.err).toEqual(['Unknown context nope; contexts are auth, todos, ai']);
    await expect(runDbCommand(['status', 'ai'], { env: {}, out: () => undefined, err: (line) => output.err.push(line) })).resolves.toBe(1);
    expect(output.err.at(-1)).toBe('No database configured for ai: set DATABASE_URL or AI_DATABASE_URL');
  });

  it('runs as `npm run db:*` does (tsx, ESM, wasm loaded by hand) on the real contexts', async () => {
    const fresh = await createTestDatabase('cli');
    try {
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'tools/db/cli.ts', ...args], {
          cwd: REPO,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: fresh.url },
          encoding: 'utf8',
          timeout: 60_000,
        });
      const migrate = cli('migrate');
      expect({ status: migrate.status, stderr: migrate.stderr }).toEqual({ status: 0, stderr: '' });
      expect(migrate.stdout.trim().split('\n')).toHaveLength(3);
      const client = new Client({ connectionString: fresh.url });
      await client.connect();
      const { rows } = await client.query(`SELECT nspname FROM pg_namespace WHERE nspname IN ('auth', 'todos', 'ai') ORDER BY nspname`).finally(() => client.end());
      expect(rows.map((row) => row.nspname)).toEqual(['ai', 'auth', 'todos']);
      const status = cli('status', 'auth');
      expect({ status: status.status, stdout: status.stdout.trim() }).toEqual({ status: 0, stdout: expect.stringMatching(/^auth: up to date, \d+ applied; no drift$/) });
    } finally {
      await fresh.drop();
    }
  });
});
