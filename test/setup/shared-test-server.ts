import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { isAlive, startEmbeddedPostgres, stopPostgresIn } from '../../tools/embedded-pg/index.js';

/** The embedded test server as one Jest run holds it. */
export interface SharedTestServer {
  /** URL of the server's maintenance database; test databases are created next to it. */
  serverUrl: string;
  /** Leaves the server; the last run to leave stops it, whoever started it. */
  release(): Promise<void>;
}


/** Concurrent first starts race on initdb and the lock file; the loser retries and then reuses. */
async function startWithRetry(dataDir: string, log: (message: string) => void) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedPostgres({ dataDir, log });
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((done) => setTimeout(done, 500));
    }
  }
}

/**
 * Starts or joins the embedded test PostgreSQL in `dataDir`. Several Jest runs may share it
 * (watch mode next to a full run, two worktrees' terminals): each registers a marker file named
 * after its PID in `<dataDir>.runs/`, and only the last live run stops the server on release —
 * otherwise the run that happened to start it would pull it from under the others.
 */
export async function acquireTestServer(dataDir: string, log: (message: string) => void = () => undefined): Promise<SharedTestServer> {
  const server = await startWithRetry(dataDir, log);
  const runsDir = `${dataDir}.runs`;
  const marker = `${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(runsDir, { recursive: true });
  writeFileSync(`${runsDir}/${marker}`, '');
  return {
    serverUrl: server.serverUrl,
    release: async () => {
      rmSync(`${runsDir}/${marker}`, { force: true });
      // Markers of runs that crashed (dead PID) do not count and are cleared on the way.
      const others = readdirSync(runsDir).filter((name) => {
        if (isAlive(Number(name.split('-')[0]))) return true;
        rmSync(`${runsDir}/${name}`, { force: true });
        return false;
      });
      if (others.length === 0) await stopPostgresIn(dataDir);
    },
  };
}
