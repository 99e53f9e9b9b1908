import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { Registry } from 'prom-client';
import { BoundedJsonSocket } from './bounded-json-socket.js';
import { InboundRejections } from './inbound-rejections.js';

const LIMITS = { maxMessageBytes: 1000, frameTimeoutMs: 200, maxConnections: 10 };
const FRAME = (() => {
  const json = JSON.stringify({ pattern: 'todos.ping', data: {}, id: '1' });
  return `${json.length}#${json}`;
})();

/** A connected pair of real loopback sockets: the app's end and the peer's. */
async function connectedPair(server: Server): Promise<{ app: Socket; peer: Socket }> {
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('not listening');
  const peer = createConnection({ host: '127.0.0.1', port: address.port });
  const [[app]] = await Promise.all([accepted, once(peer, 'connect')]);
  return { app, peer };
}

/** The app's end read through a BoundedJsonSocket: the messages it delivers, and what it refused. */
function bounded(app: Socket): { messages: unknown[]; rejected: () => Promise<{ reason: string; count: number }[]> } {
  const registry = new Registry();
  const socket = new BoundedJsonSocket(app, LIMITS, new InboundRejections(registry));
  const messages: unknown[] = [];
  socket.on('message', (message) => void messages.push(message));
  const rejected = async () => {
    const metric = await registry.getSingleMetric('ficus_transport_rejected_total')?.get();
    return (metric?.values ?? []).map(({ labels, value }) => ({ reason: String(labels.reason), count: value }));
  };
  return { messages, rejected };
}

/** Blocks the event loop, as a long synchronous handler of another request would. */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Busy: nothing else runs meanwhile.
  }
}

describe('BoundedJsonSocket', () => {
  let server: Server;
  const sockets: Socket[] = [];
  beforeEach(async () => {
    server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    server.close();
    await once(server, 'close');
  });

  it('reads the bytes that arrived while the event loop stalled before judging a frame late', async () => {
    const { app, peer } = await connectedPair(server);
    // A second connection whose data handler stalls the loop: work for another caller.
    const busy = await connectedPair(server);
    sockets.push(app, peer, busy.app, busy.peer);
    const { messages, rejected } = bounded(app);
    peer.write(FRAME.slice(0, 5));
    await new Promise((done) => setTimeout(done, 50));
    // Inside an I/O callback: the rest of the frame goes out, then the loop is stuck past the
    // frame's deadline. When it runs again, the deadline's timer comes before the next read.
    busy.app.once('data', () => {
      peer.write(FRAME.slice(5));
      stall(LIMITS.frameTimeoutMs * 2);
    });
    busy.peer.write('x');
    await Promise.race([once(app, 'close'), new Promise((done) => setTimeout(done, LIMITS.frameTimeoutMs * 4))]);
    expect([messages, app.destroyed]).toEqual([[{ pattern: 'todos.ping', data: {}, id: '1' }], false]);
    expect(await rejected()).toEqual([]);
  });

  it('cuts a connection whose frame is late without any stall', async () => {
    const { app, peer } = await connectedPair(server);
    sockets.push(app, peer);
    const { rejected } = bounded(app);
    peer.write(FRAME.slice(0, 5));
    await once(app, 'close');
    expect(await rejected()).toEqual([{ reason: 'frame_timeout', count: 1 }]);
  });
});
