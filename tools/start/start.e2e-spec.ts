import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { builtEntry } from '../../test/support/app-process.js';

const ROOT = resolve(__dirname, '../..');

interface Launch {
  child: ChildProcess;
  output: () => string;
  url: string;
  databaseUrl: string;
  exited: Promise<number | null>;
}

/** Runs `npm start`'s launcher as a real process on its own embedded PostgreSQL data directory. */
async function launch(dataDir: string): Promise<Launch> {
  builtEntry('gateway');
  const env: NodeJS.ProcessEnv = { ...process.env, FICUS_DATA_DIR: dataDir, FICUS_SKIP_BUILD: '1', PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'tools/start/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const started = Date.now();
  while (!/listening on http/.test(output)) {
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`launcher did not start the gateway:\n${output}`);
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return {
    child,
    output: () => output,
    exited,
    url: /listening on (http:\/\/[^\s,"]+)/.exec(output)?.[1] ?? '',
    databaseUrl: /Embedded PostgreSQL ready at (\S+)/.exec(output)?.[1] ?? '',
  };
}

describe('npm start (the launcher) on an embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ficus-start-'));
  // As root, PostgreSQL runs as the postgres user, which must be able to enter this directory.
  chmodSync(dataDir, 0o755);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('initialises a cluster, migrates, serves, and on SIGTERM stops app and database within 10 s', async () => {
    const run = await launch(dataDir);
    expect(run.output()).toContain('First run: initialising an embedded PostgreSQL cluster');
    expect(run.output()).toMatch(/migrations: auth: /);
    expect((await fetch(`${run.url}/health`)).status).toBe(200);
    const ready = (await (await fetch(`${run.url}/ready`)).json()) as { details: { database: { status: string } } };
    expect(ready.details.database.status).toBe('up');

    const stopping = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(run.output()).toContain('Embedded PostgreSQL stopped');
    const client = new Client({ connectionString: run.databaseUrl, connectionTimeoutMillis: 1000 });
    await expect(client.connect()).rejects.toThrow();
  }, 90_000);
});
