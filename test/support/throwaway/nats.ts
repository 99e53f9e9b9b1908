import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anyFreePort } from '../../../tools/embedded-pg/free-port.js';
import { endServiceProcess, findBinary, startServiceProcess, type ServiceProcess } from './service-process.js';

/** A private nats-server (JetStream on, its own store) that a fault test may kill and restart. */
export interface ThrowawayNats {
  /** `nats://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered, as when a host hangs. */
  pause(): void;
  /** Lets a paused server answer again (SIGCONT). */
  resume(): void;
  /** kill -9: no goodbye to clients, as when a host dies. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same JetStream store. */
  start(): Promise<void>;
  /** Stops it for good and deletes its store. */
  stop(): Promise<void>;
}

/** The nats-server binary: NATS_SERVER_BIN, else on PATH or in /usr/sbin (Debian's package). */
export function natsServerBinary(): string {
  return findBinary('nats-server', process.env.NATS_SERVER_BIN);
}

/** What a throw-away nats-server runs with besides its port and store. */
export interface ThrowawayNatsOptions {
  /** A configuration file (`-c`), e.g. deploy/nats/nats-server.conf; the port and store flags still apply. */
  configFile?: string;
  /** Environment of the server process: the variables its configuration refers to (passwords). */
  env?: Record<string, string>;
}

export async function startThrowawayNats({ configFile, env }: ThrowawayNatsOptions = {}): Promise<ThrowawayNats> {
  const binary = natsServerBinary();
  const port = await anyFreePort();
  const store = mkdtempSync(join(tmpdir(), 'ficus-nats-'));
  const args = [...(configFile ? ['-c', configFile] : []), '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store];
  let server: ServiceProcess | undefined;
  const start = async () => {
    server = await startServiceProcess(binary, args, /Server is ready/, undefined, env);
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    pause: () => void server?.child.kill('SIGSTOP'),
    resume: () => void server?.child.kill('SIGCONT'),
    kill: () => endServiceProcess(server, 'SIGKILL'),
    start,
    stop: async () => {
      await endServiceProcess(server);
      rmSync(store, { recursive: true, force: true });
    },
  };
}
