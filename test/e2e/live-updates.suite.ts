import { BEARER_PROTOCOL } from '../../apps/gateway/src/live/live-token.js';
import { startAppProcess, type AppProcess } from '../support/app-process.js';
import { createMigratedTestDatabase, type TestDatabase } from '../support/databases.js';
import { eventually } from '../support/eventually.js';
import { HttpClient } from '../support/http-client.js';
import { LiveSocket, type LiveMessage } from '../support/live-socket.js';
import { startTopology, stopProcess, TOPOLOGIES, type Topology, type TopologyName } from '../support/topology.js';
import { signUp } from './suites/auth.suite.js';

jest.setTimeout(60_000);

/** Matches the event of type `type` about todo `id`. */
const ofTodo = (id: string, type: string) => (message: LiveMessage) => message.aggregateId === id && message.type === type;

/**
 * Live updates (`GET /ws`) over real sockets, in a topology of real processes: the todo events of
 * the caller's own user and nobody else's, whichever gateway instance made the change, the ways
 * to send the token, heartbeats, logout and the slow-client bound. A database of its own, so
 * this topology's todos host is the one relaying the todos outbox it writes.
 */
export function liveUpdatesSuite(name: TopologyName): void {
  describe(`live updates in the ${name} topology`, () => {
    let database: TestDatabase;
    let topology: Topology;
    let http: HttpClient;
    const sockets: LiveSocket[] = [];

    beforeAll(async () => {
      database = await createMigratedTestDatabase('live');
      topology = await startTopology(name, TOPOLOGIES[name], { DATABASE_URL: database.url, LIVE_HEARTBEAT_MS: '300', LIVE_MAX_BUFFERED_BYTES: '16384' });
      http = new HttpClient(topology.url);
    }, 60_000);

    afterEach(() => {
      for (const socket of sockets.splice(0)) socket.close();
    });

    afterAll(async () => {
      await topology?.stop();
      await database?.drop();
    });

    /** A socket of `url` (this topology's gateway unless given) for `token`, open. */
    async function connect(token: string, url = topology.url): Promise<LiveSocket> {
      const socket = LiveSocket.withQueryToken(url, token);
      sockets.push(socket);
      await socket.opened;
      return socket;
    }

    it("delivers the user's own todo events, each change once, with the request id", async () => {
      const user = await signUp(http);
      const socket = await connect(user.accessToken);
      const created = await http.post<{ id: string }>('/todos', { title: 'Live one' }, { token: user.accessToken, headers: { 'x-request-id': 'req-live-create' } });
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect(await socket.next(ofTodo(id, 'todo.created'))).toMatchObject({ version: 1, ownerId: expect.any(String), requestId: 'req-live-create', payload: created.body });
      await http.patch(`/todos/${id}`, { done: true }, { token: user.accessToken });
      await http.delete(`/todos/${id}`, { token: user.accessToken });
      await socket.next(ofTodo(id, 'todo.deleted'));
      expect(socket.events().map((event) => event.type)).toEqual(['todo.created', 'todo.completed', 'todo.deleted']);
      expect(socket.events().every((event) => event.traceparent === undefined)).toBe(true);
    });

    it(name === 'all-local' ? 'answers a resume with resumed: false in-process, where no stream keeps events' : 'resumes after the last event id seen: what the user missed, nobody else\'s, then live', async () => {
      const [a, b] = [await signUp(http), await signUp(http)];
      const first = await connect(a.accessToken);
      const todo = await http.post<{ id: string }>('/todos', { title: 'Before' }, { token: a.accessToken });
      const seen = await first.next(ofTodo(todo.body.id, 'todo.created'));
      first.close();
      // Missed while away: A's own changes, and B's, which A must not get.
      await http.patch(`/todos/${todo.body.id}`, { title: 'While away' }, { token: a.accessToken });
      await http.post('/todos', { title: 'Not for A' }, { token: b.accessToken });
      const later = await http.post<{ id: string }>('/todos', { title: 'Also while away' }, { token: a.accessToken });
      const again = LiveSocket.withQueryToken(topology.url, a.accessToken, {}, seen.id);
      sockets.push(again);
      if (name === 'all-local') {
        await expect(again.opened).resolves.toMatchObject({ type: 'ready', resumed: false });
        return;
      }
      await expect(again.opened).resolves.toMatchObject({ type: 'ready', resumed: true });
      await again.next(ofTodo(later.body.id, 'todo.created'));
      await http.delete(`/todos/${later.body.id}`, { token: a.accessToken });
      await again.next(ofTodo(later.body.id, 'todo.deleted'));
      expect(again.events().map((event) => [event.type, event.aggregateId])).toEqual([
        ['todo.updated', todo.body.id],
        ['todo.created', later.body.id],
        ['todo.deleted', later.body.id],
      ]);
      // An id the stream does not hold: the client is told to refetch.
      const unknown = LiveSocket.withQueryToken(topology.url, a.accessToken, {}, '01a24f10-0000-7000-8000-000000000000');
      sockets.push(unknown);
      await expect(unknown.opened).resolves.toMatchObject({ type: 'ready', resumed: false });
    });

    it("never shows user B anything of user A's", async () => {
      const [a, b] = [await signUp(http), await signUp(http)];
      const [socketA, socketB] = [await connect(a.accessToken), await connect(b.accessToken)];
      const mine = await http.post<{ id: string }>('/todos', { title: 'A private plan' }, { token: a.accessToken });
      await http.patch(`/todos/${mine.body.id}`, { title: 'A secret plan' }, { token: a.accessToken });
      await socketA.next(ofTodo(mine.body.id, 'todo.updated'));
      // B's own change after A's: once B has it, A's events had their chance to arrive too.
      const theirs = await http.post<{ id: string }>('/todos', { title: 'B' }, { token: b.accessToken });
      await socketB.next(ofTodo(theirs.body.id, 'todo.created'));
      expect(socketB.events().map((event) => event.aggregateId)).toEqual([theirs.body.id]);
      expect(JSON.stringify(socketB.messages)).not.toContain('plan');
    });

    it('takes the token as Authorization header or as subprotocol, answering "bearer" and never the token', async () => {
      const user = await signUp(http);
      const ws = topology.url.replace(/^http/, 'ws');
      const byHeader = new LiveSocket(`${ws}/ws`, [], { headers: { authorization: `Bearer ${user.accessToken}` } });
      const byProtocol = new LiveSocket(`${ws}/ws`, [BEARER_PROTOCOL, user.accessToken]);
      sockets.push(byHeader, byProtocol);
      await expect(byHeader.opened).resolves.toMatchObject({ type: 'ready' });
      await expect(byProtocol.opened).resolves.toMatchObject({ type: 'ready' });
      expect(byProtocol.socket.protocol).toBe(BEARER_PROTOCOL);
    });

    it('refuses a handshake without a valid token with 401, and never logs the token', async () => {
      const ws = topology.url.replace(/^http/, 'ws');
      const none = new LiveSocket(`${ws}/ws`);
      const forged = LiveSocket.withQueryToken(topology.url, 'not.a.token-secret-value');
      const elsewhere = new LiveSocket(`${ws}/elsewhere`);
      await expect(none.opened).rejects.toMatchObject({
        status: 401,
        headers: { 'www-authenticate': 'Bearer', 'x-request-id': expect.any(String), 'content-type': expect.stringMatching(/^application\/problem\+json/) },
      });
      await expect(forged.opened).rejects.toMatchObject({ status: 401 });
      await expect(elsewhere.opened).rejects.toMatchObject({ status: 404 });
      // A plain GET (no upgrade) goes through Fastify's request-line logger: the query is redacted.
      expect((await http.get('/ws?access_token=plain-get-secret-value')).status).toBe(404);
      expect(topology.output()).not.toMatch(/secret-value/);
    });

    it('closes the socket with 4001 once its session ended (logout)', async () => {
      const user = await signUp(http);
      const socket = await connect(user.accessToken);
      expect((await http.post('/auth/logout', undefined, { token: user.accessToken })).status).toBe(204);
      await expect(socket.closed).resolves.toMatchObject({ code: 4001 });
    });

    it('drops a peer that stops answering pings, and counts it', async () => {
      const user = await signUp(http);
      const silent = LiveSocket.withQueryToken(topology.url, user.accessToken, { autoPong: false });
      sockets.push(silent);
      await silent.opened;
      // Dropped without a close frame: the client sees 1006.
      await expect(silent.closed).resolves.toMatchObject({ code: 1006 });
      const metrics = await fetch(`${topology.url}/metrics`).then((response) => response.text());
      expect(metrics).toMatch(/^ficus_live_socket_closes_total\{code="1006",app="gateway"\} [1-9]/m);
      expect(metrics).toMatch(/^ficus_live_sockets\{app="gateway"\} \d+$/m);
    });

    /**
     * A gateway with settings of its own (`env`): in all-local a deployment of its own (a second
     * in-process gateway would compete for the todos relay), else one more gateway instance of
     * this topology. `process` is the gateway's process.
     */
    async function ownGateway(env: Record<string, string>): Promise<{ http: HttpClient; process: AppProcess; output: () => string; stop: () => Promise<void> }> {
      if (name !== 'all-local') {
        const gateway = await startAppProcess('gateway', { ...topology.env, ...env, SERVICE_PRIVATE_KEYS: topology.serviceKeys.gateway });
        return { http: new HttpClient(gateway.url), process: gateway, output: () => gateway.output(), stop: () => stopProcess(gateway) };
      }
      const own = await createMigratedTestDatabase('live_own');
      const deployment = await startTopology(`${name}-own`, TOPOLOGIES[name], { DATABASE_URL: own.url, ...env }).catch(async (error: unknown) => {
        await own.drop();
        throw error;
      });
      const stop = async () => (await deployment.stop(), await own.drop());
      return { http: new HttpClient(deployment.url), process: deployment.gateway, output: () => deployment.output(), stop };
    }

    /**
     * A gateway whose heartbeat outlasts a slow client (a paused client answers no ping either,
     * and the 300 ms heartbeat would drop it first).
     */
    const patientGateway = () => ownGateway({ LIVE_HEARTBEAT_MS: '60000', LIVE_MAX_BUFFERED_BYTES: '16384' });

    it('at SIGTERM refuses new sockets with 503 while draining, closes the open ones with 1001 and exits 0 within the grace period', async () => {
      // A grace period far beyond the drain: a gateway waiting for its sockets until then exits 1.
      const gateway = await ownGateway({ SHUTDOWN_DRAIN_DELAY_MS: '3000', SHUTDOWN_GRACE_PERIOD_MS: '20000' });
      try {
        const user = await signUp(gateway.http);
        const open = await connect(user.accessToken, gateway.http.baseUrl);
        gateway.process.child.kill('SIGTERM');
        await eventually(async () => expect((await gateway.http.get('/ready', { headers: { connection: 'close' } })).status).toBe(503));
        const late = LiveSocket.withQueryToken(gateway.http.baseUrl, user.accessToken);
        sockets.push(late);
        await expect(late.opened).rejects.toMatchObject({ status: 503 });
        await expect(open.closed).resolves.toMatchObject({ code: 1001 });
        expect(await gateway.process.exited).toBe(0);
        expect(gateway.output()).not.toContain('Requests still running');
      } finally {
        await gateway.stop();
      }
    });

    it('closes a client that does not read with 4008 instead of holding its updates', async () => {
      const gateway = await patientGateway();
      try {
        const user = await signUp(gateway.http);
        const slow = await connect(user.accessToken, gateway.http.baseUrl);
        slow.socket.pause();
        const todo = await gateway.http.post<{ id: string }>('/todos', { title: 'Big' }, { token: user.accessToken });
        const description = 'x'.repeat(9_990);
        // Each event is ≈ 10 kB: enough of them fill the kernel's socket buffers, then the bound.
        const tooSlow = () => gateway.output().includes('Live updates client too slow');
        for (let update = 0; update < 3000 && !tooSlow(); update += 1) {
          const response = await gateway.http.patch(`/todos/${todo.body.id}`, { description: `${update}${description}` }, { token: user.accessToken });
          expect(response.status).toBe(200);
        }
        slow.socket.resume();
        await expect(slow.closed).resolves.toMatchObject({ code: 4008 });
      } finally {
        await gateway.stop();
      }
    });

    if (name === 'all-nats') {
      describe('across gateway instances', () => {
        let second: AppProcess;

        beforeAll(async () => {
          second = await startAppProcess('gateway', { ...topology.env, SERVICE_PRIVATE_KEYS: topology.serviceKeys.gateway });
        });
        afterAll(async () => {
          if (second) await stopProcess(second);
        });

        it('delivers a change made through gateway A to a client of gateway B, and of A', async () => {
          const user = await signUp(http);
          const [onA, onB] = [await connect(user.accessToken), await connect(user.accessToken, second.url)];
          const todo = await http.post<{ id: string }>('/todos', { title: 'Seen everywhere' }, { token: user.accessToken });
          await onB.next(ofTodo(todo.body.id, 'todo.created'));
          await onA.next(ofTodo(todo.body.id, 'todo.created'));
          expect([onA.events().length, onB.events().length]).toEqual([1, 1]);
        });
      });
    }
  });
}
