import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { dockerfileSource, dockerStage, dockerStages, instructionArgs } from '../support/dockerfile.js';

// The migrate image without a container engine: the Dockerfile's migrate stage is replayed into
// a folder outside the repository (its COPYs, with the build stage's bundle made here), and its
// CMD runs there against a fresh database. Nothing outside that folder can be resolved.
const ROOT = resolve(__dirname, '../..');
const stage = dockerStage(dockerStages(dockerfileSource()), 'migrate');
const WORKDIR = instructionArgs(stage, 'WORKDIR')[0];

function run(image: string, command: readonly string[], databaseUrl: string): { status: number | null; output: string } {
  const [program, ...rest] = command;
  expect(program).toBe('node');
  const result = spawnSync(process.execPath, rest, { cwd: image, env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: databaseUrl }, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the migrate image', () => {
  let folder: string;
  let image: string;
  let database: TestDatabase;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ficus-migrate-image-'));
    image = join(folder, 'app');
    const bundle = join(folder, 'build-dist-migrate');
    const built = spawnSync(process.execPath, [resolve(ROOT, 'tools/db/bundle.mjs'), bundle], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    if (built.status !== 0) throw new Error(`bundling the migration tool failed:\n${built.stdout}${built.stderr}`);
    for (const copy of instructionArgs(stage, 'COPY')) {
      const [from, source, target] = copy.startsWith('--from=build ') ? ['build', ...copy.split(/\s+/).slice(1)] : ['context', ...copy.split(/\s+/)];
      // The build stage works in /app; its dist/migrate is the bundle made above.
      const origin = from === 'build' ? (source === '/app/dist/migrate' ? bundle : resolve(ROOT, source.replace(/^\/app\//, ''))) : resolve(ROOT, source);
      cpSync(origin, resolve(image, target), { recursive: true });
    }
    database = await createTestDatabase('migrate_image');
  });
  afterAll(async () => {
    await database?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('works in /app, holding only the bundled tool, the schema engine and the migrations', () => {
    expect(WORKDIR).toBe('/app');
    const top = spawnSync('ls', ['-A', image], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(top.toSorted()).toEqual(['node_modules', 'prisma', 'tools']);
  });

  it('applies every context’s migrations with its CMD, and the database is then up to date', () => {
    const command = JSON.parse(instructionArgs(stage, 'CMD')[0]) as string[];
    const migrated = run(image, command, database.url);
    expect(migrated.output).toMatch(/^auth: applied \d{14}_init/m);
    expect(migrated.output).toMatch(/^todos: applied \d{14}_init/m);
    expect(migrated.status).toBe(0);
    const status = run(image, [...command.slice(0, -1), 'status'], database.url);
    expect(status.output.match(/: up to date/g)).toHaveLength(3);
    expect(status.status).toBe(0);
  });
});
