import { createConnection, type Socket } from 'node:net';
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
  /** Makes the server busy for `seconds` with `DEBUG SLEEP` (alive, answering nobody); resolves once it sleeps. */
  debugSleep(seconds: number): Promise<void>;
  /** Kills the server (SIGKILL); `start()` brings it back on the same port, empty. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/** Opens a connection the server has accepted and served: it answered a PING on it. */
function servedConnection(port: number): Promise<Socket> {
  return new Promise((done, fail) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.once('error', fail);
    socket.once('data', () => {
      socket.off('error', fail);
      socket.on('error', () => undefined);
      done(socket);
    });
  });
}

/** Whether a PING on `socket` goes unanswered for `ms` (the server is busy). */
function unanswered(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((done) => {
    const answered = () => {
      clearTimeout(timer);
      done(false);
    };
    const timer = setTimeout(() => {
      socket.off('data', answered);
      done(true);
    }, ms);
    socket.once('data', answered);
    socket.write('PING\r\n');
  });
}

/**
 * Sends `DEBUG SLEEP` and resolves once the server is seen asleep: a PING sent after it goes
 * unanswered. Resolving when the command is merely written races the server, which may still
 * answer other clients before it reads the command.
 */
async function sleepServer(port: number, seconds: number): Promise<void> {
  const sleeper = await servedConnection(port);
  const probe = await servedConnection(port);
  sleeper.write(`DEBUG SLEEP ${seconds}\r\n`);
  sleeper.unref();
  sleeper.on('data', () => sleeper.destroy());
  try {
    while (!(await unanswered(probe, 100)));
  } finally {
    probe.destroy();
  }
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
    debugSleep: (seconds) => sleepServer(port, seconds),
    kill: () => endServiceProcess(server, 'SIGKILL'),
    start,
    stop: async () => {
      server?.child.kill('SIGCONT');
      await endServiceProcess(server);
    },
  };
}
