import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { eventSubject } from '@ficus/common';
import { createMigratedTestDatabase, type TestDatabase } from '../support/databases.js';
import { eventually } from '../support/eventually.js';
import { HttpClient } from '../support/http-client.js';
import { LiveSocket, type LiveClose } from '../support/live-socket.js';
import { startTopology, stopProcess, TOPOLOGIES, transportIn, type Topology, type TopologyName } from '../support/topology.js';
import { signUp } from './suites/auth.suite.js';

jest.setTimeout(60_000);

const PASSWORD = 'a sturdy passphrase 42';
/** How long the user's todos may outlive the account: the bound the suite holds every topology to. */
const DELETION_BOUND_MS = 10_000;
/** Sockets of ended sessions must close well before a heartbeat (LIVE_HEARTBEAT_MS, 30 s by default here) would notice. */
const CLOSE_BOUND_MS = 5000;

/** How `socket` closed, or a failure when it is still open after CLOSE_BOUND_MS. */
function closedSoon(socket: LiveSocket): Promise<LiveClose> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`socket still open after ${CLOSE_BOUND_MS} ms`)), CLOSE_BOUND_MS);
  });
  return Promise.race([socket.closed, late]).finally(() => clearTimeout(timer));
}

/**
 * Account deletion across contexts (`DELETE /auth/me`), in a topology of real processes: the
 * tokens stop at once, the user's todos (and nobody else's) are gone within a bound, and a
 * repeated delivery of `user.deleted` changes nothing. A database of its own, so this
 * topology's hosts are the ones relaying the outboxes it writes.
 */
export function accountDeletionSuite(name: TopologyName): void {
  describe(`account deletion in the ${name} topology`, () => {
    let database: TestDatabase;
    let topology: Topology;
    let http: HttpClient;
    let sql: Pool;

    beforeAll(async () => {
      database = await createMigratedTestDatabase('deletion');
      topology = await startTopology(name, TOPOLOGIES[name], { DATABASE_URL: database.url });
      http = new HttpClient(topology.url);
      sql = new Pool({ connectionString: database.url, max: 2 });
    }, 60_000);

    afterAll(async () => {
      await topology?.stop();
      await sql?.end();
      await database?.drop();
    });

    /** A signed-up user with `titles` as todos (the first with an idempotency key, the second its subtask). */
    async function userWithTodos(...titles: string[]): Promise<{ id: string; accessToken: string; refreshToken: string; email: string }> {
      const user = await signUp(http);
      const me = await http.get<{ id: string }>('/auth/me', { token: user.accessToken });
      let parentId: string | undefined;
      for (const title of titles) {
        const created = await http.post<{ id: string }>('/todos', { title, ...(parentId ? { parentId } : {}) }, {
          token: user.accessToken,
          headers: parentId ? {} : { 'idempotency-key': randomUUID() },
        });
        expect(created.status).toBe(201);
        parentId ??= created.body.id;
      }
      return { ...user, id: me.body.id };
    }

    const deleteAccount = (token: string, currentPassword = PASSWORD) => http.request('DELETE', '/auth/me', { currentPassword }, { token });
    const count = async (query: string, ownerId: string) => Number((await sql.query<{ n: string }>(query, [ownerId])).rows[0].n);
    const todosOf = (ownerId: string) => count('SELECT count(*) AS n FROM todos.todos WHERE owner_id = $1::uuid', ownerId);
    const keysOf = (ownerId: string) => count('SELECT count(*) AS n FROM todos.idempotency_keys WHERE owner_id = $1::uuid', ownerId);
    const goneWithinBound = (ownerId: string) =>
      eventually(async () => expect([await todosOf(ownerId), await keysOf(ownerId)]).toEqual([0, 0]), { timeoutMs: DELETION_BOUND_MS });

    it('refuses a wrong password (401) and keeps the account', async () => {
      const user = await userWithTodos('keep');
      const refused = await deleteAccount(user.accessToken, 'not the password');
      expect(refused).toMatchObject({ status: 401, body: { code: 'auth.invalid_credentials' } });
      expect((await http.get('/auth/me', { token: user.accessToken })).status).toBe(200);
      expect(await todosOf(user.id)).toBe(1);
    });

    it('answers 204, the tokens stop working at once, the todos are gone within the bound, nobody else’s', async () => {
      const user = await userWithTodos('plan', 'step');
      const other = await userWithTodos('not mine');
      expect([await todosOf(user.id), await keysOf(user.id)]).toEqual([2, 1]);

      expect((await deleteAccount(user.accessToken)).status).toBe(204);
      expect((await http.get('/auth/me', { token: user.accessToken })).status).toBe(401);
      expect((await http.get('/todos', { token: user.accessToken })).status).toBe(401);
      expect((await http.post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
      expect((await http.post('/auth/login', { email: user.email, password: PASSWORD })).status).toBe(401);
      await goneWithinBound(user.id);
      expect(await todosOf(other.id)).toBe(1);
      expect((await http.get<{ items: unknown[] }>('/todos', { token: other.accessToken })).body.items).toHaveLength(1);
    });

    it('closes the live sockets of ended sessions at once (sessions.revoked, user.deleted), the caller’s own kept on a password change', async () => {
      const user = await signUp(http);
      const second = await http.post<{ accessToken: string }>('/auth/login', { email: user.email, password: PASSWORD });
      const own = LiveSocket.withQueryToken(topology.url, user.accessToken);
      const other = LiveSocket.withQueryToken(topology.url, second.body.accessToken);
      try {
        await Promise.all([own.opened, other.opened]);
        const changed = await http.post('/auth/password/change', { currentPassword: PASSWORD, newPassword: `${PASSWORD} again` }, { token: user.accessToken });
        expect(changed.status).toBe(204);
        expect(await closedSoon(other)).toMatchObject({ code: 4001 });
        expect(own.socket.readyState).toBe(own.socket.OPEN);
        expect((await deleteAccount(user.accessToken, `${PASSWORD} again`)).status).toBe(204);
        expect(await closedSoon(own)).toMatchObject({ code: 4001 });
      } finally {
        own.socket.close();
        other.socket.close();
      }
    });

    it('changes nothing when user.deleted is delivered again', async () => {
      const user = await userWithTodos('first life');
      expect((await deleteAccount(user.accessToken)).status).toBe(204);
      await goneWithinBound(user.id);
      // A row of the same owner made after the deletion: a second run of the effect would delete it.
      await sql.query(`INSERT INTO todos.todos (id, owner_id, title) VALUES ($1::uuid, $2::uuid, 'after')`, [randomUUID(), user.id]);

      // The relay sends the event again, as after a crash between publish and mark (in-process:
      // to the consumer again; over JetStream: deduplicated by its id) …
      await sql.query(`UPDATE auth.outbox_events SET published_at = NULL WHERE type = 'user.deleted' AND owner_id = $1`, [user.id]);
      // … and over JetStream, the same envelope under another message id reaches the consumer.
      if (topology.env.TODOS_TRANSPORT !== 'local' || topology.env.AUTH_TRANSPORT !== 'local') {
        const { rows } = await sql.query<{ id: string; payload: unknown; occurred_at: Date }>(
          `SELECT id::text, payload, occurred_at FROM auth.outbox_events WHERE type = 'user.deleted' AND owner_id = $1`,
          [user.id],
        );
        const envelope = { id: rows[0].id, type: 'user.deleted', version: 1, occurredAt: rows[0].occurred_at.toISOString(), aggregateId: user.id, ownerId: user.id, payload: rows[0].payload, requestId: null, traceparent: '', tracestate: '' };
        const nats = await connect({ servers: topology.env.NATS_URL });
        try {
          await jetstream(nats).publish(eventSubject(topology.env.NATS_SUBJECT_PREFIX, 'auth', 'user.deleted'), JSON.stringify(envelope), { msgID: `again-${envelope.id}` });
        } finally {
          await nats.close();
        }
      }
      // A later deletion as the sentinel: the consumer takes auth's events one at a time, in order.
      const sentinel = await userWithTodos('sentinel');
      expect((await deleteAccount(sentinel.accessToken)).status).toBe(204);
      await goneWithinBound(sentinel.id);
      expect(await todosOf(user.id)).toBe(1);
    });

    // Last: it replaces the todos app's process. Only where todos is an app of its own (declared
    // only there, so no topology reports it skipped).
    const todosRemote = transportIn(TOPOLOGIES[name], 'todos') !== 'local';
    if (todosRemote)
      it('completes when todos was down during the deletion and comes back later', async () => {
      const user = await userWithTodos('while away');
      for (const process of topology.contexts.todos ?? []) await stopProcess(process);
      expect((await deleteAccount(user.accessToken)).status).toBe(204);
      expect((await http.get('/auth/me', { token: user.accessToken })).status).toBe(401);
      expect(await todosOf(user.id)).toBe(1); // nobody has handled it: the event waits in auth's stream
      await topology.startContext('todos');
      await goneWithinBound(user.id);
    });
  });
}
