import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { ProblemException, type CallerIdentity } from '@ficus/common';
import { LiveClient, type LiveClientOptions } from './live-client.js';

const caller: CallerIdentity = { userId: 'user-1', roles: ['user'], sessionId: 'session-1' };

/**
 * A LiveClient on a real WebSocket pair over loopback: the server side wrapped as the gateway
 * wraps it, the client side observed as a client sees it.
 */
async function pair(options: Partial<LiveClientOptions>): Promise<{ close: Promise<number>; server: WebSocketServer }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((listening) => server.once('listening', listening));
  const clients: LiveClient[] = [];
  server.on('connection', (socket) => {
    clients.push(new LiveClient(socket, caller, {
      heartbeatMs: 60_000,
      maxBufferedBytes: 1 << 20,
      expiresAt: Date.now() + 60_000,
      recheck: async () => undefined,
      onClose: () => undefined,
      ...options,
    }));
  });
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const close = new Promise<number>((closed) => client.on('close', (code) => closed(code)));
  return { close, server };
}

describe('LiveClient', () => {
  let server: WebSocketServer | undefined;
  afterEach(async () => {
    await new Promise((closed) => server?.close(closed) ?? closed(undefined));
    server = undefined;
  });

  it('closes with 4001 when the access token expires', async () => {
    const live = await pair({ expiresAt: Date.now() + 200 });
    server = live.server;
    await expect(live.close).resolves.toBe(4001);
  });

  it('closes with 4001 when the heartbeat finds the session ended', async () => {
    const live = await pair({ heartbeatMs: 100, recheck: () => Promise.reject(new ProblemException({ status: 401, type: 'unauthenticated', detail: 'The session has ended.' })) });
    server = live.server;
    await expect(live.close).resolves.toBe(4001);
  });

  it('closes with 1013 when sessions cannot be checked', async () => {
    const live = await pair({ heartbeatMs: 100, recheck: () => Promise.reject(new ProblemException({ status: 503, type: 'session-revocation-unavailable', detail: 'later' })) });
    server = live.server;
    await expect(live.close).resolves.toBe(1013);
  });
});
