import { existsSync } from 'node:fs';
import { isAlive, postmasterPidFile, readPostmaster } from './postmaster.js';

/**
 * Stops the PostgreSQL serving `dataDir`, whoever started it, with a "fast" shutdown (SIGINT:
 * roll back open transactions, checkpoint, exit) and waits until its lock file is gone. Used
 * when the last of several users of one server leaves (e.g. concurrent Jest runs), while the
 * process that started it may be long gone. Resolves at once when nothing runs there, else once
 * the server process itself is gone (PostgreSQL removes its lock file a moment before it exits).
 */
export async function stopPostgresIn(dataDir: string, timeoutMs = 15_000): Promise<void> {
  const lock = readPostmaster(dataDir);
  if (!lock) return;
  const { pid } = lock;
  const pidFile = postmasterPidFile(dataDir);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + timeoutMs;
  while (existsSync(pidFile) || isAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGQUIT'); // immediate shutdown; crash recovery runs on the next start
      } catch {
        // Gone meanwhile.
      }
      return;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}
