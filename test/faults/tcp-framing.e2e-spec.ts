import { once } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { signUp } from '../e2e/suites/auth.suite.js';
import { eventually } from '../support/eventually.js';
import { HttpClient } from '../support/http-client.js';
import { cpuSeconds, residentBytes, watchLatency } from '../support/process-usage.js';
import { startTopology, type Topology } from '../support/topology.js';

// A context app serving over TCP, fed by a peer that never authenticates: bytes without a frame
// delimiter, a frame longer than any legitimate message, a frame that never completes, and
// more connections than any set of callers needs. Before authentication (the signature is
// checked once a whole frame is in), the app must do no work proportional to such bytes.

const MiB = 1024 * 1024;
const MAX_CONNECTIONS = 16;
const CALL_TIMEOUT_MS = 2000;
/** /health while the app is under attack: a few ms normally; a stalled event loop shows as seconds. */
const HEALTHY_MS = 1000;

/** A raw TCP peer of the todos app, closed by the test at the end whatever happened. */
const peers: Socket[] = [];
async function connectPeer(port: number): Promise<Socket & { cut: Promise<void> }> {
  const socket = createConnection({ host: '127.0.0.1', port });
  peers.push(socket);
  // A reset by the app shows as an error on the next write: that is the point, not a failure.
  socket.on('error', () => undefined);
  const cut = new Promise<void>((done) => socket.once('close', () => done()));
  await once(socket, 'connect');
  return Object.assign(socket, { cut });
}

/** Writes `head`, then up to `total` bytes of `a` as fast as the app takes them; how many it took before cutting the connection. */
async function pour(port: number, head: string, total: number): Promise<{ written: number; cut: boolean }> {
  const socket = await connectPeer(port);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  socket.write(head);
  let written = 0;
  while (written < total && !socket.closed) {
    if (!socket.write(chunk)) await Promise.race([new Promise((done) => socket.once('drain', done)), socket.cut]);
    written += chunk.length;
  }
  // Everything went out: give the app a moment to cut it now, if it is going to.
  await Promise.race([socket.cut, new Promise((done) => setTimeout(done, 2000))]);
  const cut = socket.closed;
  socket.destroy();
  return { written, cut };
}

describe('a context app on TCP, fed hostile bytes before any authentication', () => {
  let topology: Topology;
  let http: HttpClient;
  let token: string;
  let port: number;
  let pid: number;
  let todosUrl: string;

  const rejected = async (reason: string): Promise<number> => {
    const metrics = await (await fetch(`${todosUrl}/metrics`)).text();
    const line = metrics.split('\n').find((entry) => entry.startsWith('ficus_transport_rejected_total{') && entry.includes('app="todos"') && entry.includes(`reason="${reason}"`) && entry.includes('transport="tcp"'));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  const stillServes = async () => expect((await http.get('/todos', { token })).status).toBe(200);

  beforeAll(async () => {
    topology = await startTopology('tcp-framing', { auth: 'local', todos: 'tcp', ai: 'local' }, {
      REMOTE_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS),
      TCP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    });
    const [todos] = topology.contexts.todos ?? [];
    if (!todos?.child.pid) throw new Error('the todos app did not start');
    pid = todos.child.pid;
    todosUrl = todos.url;
    port = Number(topology.env.TODOS_TCP_PORT);
    http = new HttpClient(topology.url);
    token = (await signUp(http)).accessToken;
    // The gateway's connection to todos is open (and idle) before any stranger arrives.
    const warmUp = await http.get('/todos', { token });
    if (warmUp.status !== 200) throw new Error(`todos is not serving: ${warmUp.status}`);
  }, 60_000);

  afterEach(() => {
    for (const peer of peers.splice(0)) peer.destroy();
  });

  afterAll(async () => {
    await topology?.stop();
  });

  it('cuts 32 MiB without a frame delimiter at once: no CPU or memory spent on it, /health fast', async () => {
    const [cpuBefore, memoryBefore] = [cpuSeconds(pid), residentBytes(pid)];
    const health = watchLatency(`${todosUrl}/health`);
    const { written, cut } = await pour(port, '', 32 * MiB);
    expect([cut, written < 32 * MiB]).toEqual([true, true]);
    expect(await health.stop()).toBeLessThan(HEALTHY_MS);
    expect(cpuSeconds(pid) - cpuBefore).toBeLessThan(1);
    expect(residentBytes(pid) - memoryBefore).toBeLessThan(48 * MiB);
    expect(await rejected('bad_frame')).toBeGreaterThan(0);
    await stillServes();
  });

  it('cuts a frame announced longer than any legitimate message before reading it', async () => {
    const cpuBefore = cpuSeconds(pid);
    const { written, cut } = await pour(port, `${64 * MiB}#`, 16 * MiB);
    expect([cut, written < 16 * MiB]).toEqual([true, true]);
    expect(cpuSeconds(pid) - cpuBefore).toBeLessThan(1);
    expect(await rejected('too_large')).toBeGreaterThan(0);
    await stillServes();
  });

  it('cuts a frame that has not arrived whole within a call budget, however steadily it trickles', async () => {
    const socket = await connectPeer(port);
    socket.write('120#{"pattern":"todos.list","data":');
    const started = Date.now();
    const trickle = setInterval(() => socket.write(' '), 200);
    try {
      await Promise.race([socket.cut, new Promise((_, fail) => setTimeout(() => fail(new Error('still open')), CALL_TIMEOUT_MS + 3000))]);
    } finally {
      clearInterval(trickle);
    }
    expect(Date.now() - started).toBeLessThan(CALL_TIMEOUT_MS + 3000);
    expect(await rejected('frame_timeout')).toBeGreaterThan(0);
    await stillServes();
  });

  it(`accepts at most ${MAX_CONNECTIONS} connections, closes those that send nothing in time, and keeps serving`, async () => {
    const health = watchLatency(`${todosUrl}/health`);
    const strangers = await Promise.all(Array.from({ length: 100 }, () => connectPeer(port)));
    const open = () => strangers.filter((socket) => !socket.closed).length;
    // The gateway holds one of the slots.
    await eventually(() => expect(open()).toBeLessThanOrEqual(MAX_CONNECTIONS - 1), { timeoutMs: 3000 });
    expect(await rejected('connection_limit')).toBeGreaterThan(0);
    await eventually(() => expect(open()).toBe(0), { timeoutMs: CALL_TIMEOUT_MS + 3000 });
    expect(await health.stop()).toBeLessThan(HEALTHY_MS);
    // The gateway's own connection, idle all along, was not among those closed.
    await stillServes();
  });
});
