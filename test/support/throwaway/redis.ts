import { createConnection } from 'node:net';
import { anyFreePort } from '../../../tools/embedded-pg/free-port.js';
import { endServiceProcess, findBinary, startServiceProcess, type ServiceProcess } from './service-process.js';

/** A private redis-server on a free loopback port that a fault test may hang, kill and restart. */
export interface ThrowawayRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered. */
  pause(): void;
  /** Lets a paused server answer again (SIGCONT). */
  resume(): void;
  /** Makes the server busy for `seconds` with `DEBUG SLEEP` (alive, answering nobody). */
  debugSleep(seconds: number): Promise<void>;
  /** Kills the server (SIGKILL); `start()` brings it back on the same port, empty. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/** Sends one inline command and does not wait for the answer (DEBUG SLEEP answers only after). */
function sendInline(port: number, command: string): Promise<void> {
  return new Promise((done, fail) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.write(`${command}\r\n`, () => {
        socket.unref();
        done();
      });
    });
    socket.once('error', fail);
    socket.on('data', () => socket.destroy());
  });
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const binary = findBinary('redis-server', process.env.REDIS_SERVER_BIN);
  const port = await anyFreePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--enable-debug-command', 'local', '--loglevel', 'notice'];
  let server: ServiceProcess | undefined;
  const start = async () => {
    server = await startServiceProcess(binary, args, /Ready to accept connections/);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pause: () => void server?.child.kill('SIGSTOP'),
    resume: () => void server?.child.kill('SIGCONT'),
    debugSleep: (seconds) => sendInline(port, `DEBUG SLEEP ${seconds}`),
    kill: () => endServiceProcess(server, 'SIGKILL'),
    start,
    stop: async () => {
      server?.child.kill('SIGCONT');
      await endServiceProcess(server);
    },
  };
}
