import { createServer } from 'node:net';

function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : null;
      server.close(() => resolve(bound));
    });
  });
}

/** A port free on 127.0.0.1 right now (the OS picks it); rejects when none can be had. */
export async function anyFreePort(): Promise<number> {
  const port = await tryListen(0);
  if (port === null) throw new Error('No free port on 127.0.0.1');
  return port;
}

/** `preferred` when it is free on 127.0.0.1, else any free port. */
export async function freePort(preferred: number): Promise<number> {
  return (await tryListen(preferred)) ?? (await tryListen(0)) ?? preferred;
}
