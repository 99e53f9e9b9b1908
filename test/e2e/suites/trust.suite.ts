import type { ClientOptions } from '@nestjs/microservices';
import { connect } from '@nats-io/transport-node';
import { HttpClient } from '../../support/http-client.js';
import { callerOf, credentialsOf, rawCall, sendRaw, signedEnvelope, vouchedCall } from '../../support/raw-messages.js';
import type { Topology } from '../../support/topology.js';
import { signUp } from './auth.suite.js';

interface Todo {
  id: string;
  title: string;
}

/** How a test reaches a context's app: the NATS server, or the context's TCP port. */
export type ClientFor = (context: string) => ClientOptions;

/** A refusal as it travels: the problem, and no signature (nothing a stranger sends yields a signed answer). */
const refusedAs = (code: string, status = 401) => ({ ficusProblem: expect.objectContaining({ status, code }) });

/**
 * Attacks on the transport between apps by someone who can reach it (NATS, a context's TCP
 * port) and replays what a Ficus app sent: every signed message is accepted once.
 */
export function replaySuite(topology: () => Topology, clientFor: ClientFor, subjectOf: (pattern: string) => string = (pattern) => pattern): void {
  const send = (pattern: string, envelope: unknown) => sendRaw(clientFor(pattern.split('.')[0]), subjectOf(pattern), envelope);
  /** A message to todos as the gateway sends it. */
  const toTodos = (pattern: string, payload: unknown, call = rawCall()) => signedEnvelope(credentialsOf(topology(), 'gateway'), 'todos', subjectOf(pattern), payload, call);
  describe('replayed messages', () => {

    it('refuses a create, an update and a delete sent a second time, and changes nothing', async () => {
      const http = new HttpClient(topology().url);
      const { accessToken } = await signUp(http);
      const call = () => vouchedCall(topology(), callerOf(accessToken), 'todos');

      const create = toTodos('todos.create', { title: 'Written once' }, call());
      const created = (await send('todos.create', create)) as { ficusReply: Todo };
      expect(created).toMatchObject({ ficusReply: { title: 'Written once' } });
      const replayed = await send('todos.create', create);
      expect(replayed).toMatchObject(refusedAs('service.replayed'));
      expect((replayed as { credential?: unknown }).credential).toBeUndefined();
      const todos = await http.get<{ items: Todo[] }>('/todos', { token: accessToken });
      expect(todos.body.items.map((todo) => todo.title)).toEqual(['Written once']);

      // An update without If-Match, replayed after the owner changed the todo again, would undo that change.
      const { id } = created.ficusReply;
      const update = toTodos('todos.update', { id, title: 'Renamed once' }, call());
      expect(await send('todos.update', update)).toMatchObject({ ficusReply: { title: 'Renamed once' } });
      expect((await http.patch(`/todos/${id}`, { title: 'The owner’s title' }, { token: accessToken })).status).toBe(200);
      expect(await send('todos.update', update)).toMatchObject(refusedAs('service.replayed'));
      expect((await http.get<Todo>(`/todos/${id}`, { token: accessToken })).body.title).toBe('The owner’s title');

      const remove = toTodos('todos.remove', { id }, call());
      expect(await send('todos.remove', remove)).toMatchObject({ ficusReply: null });
      expect(await send('todos.remove', remove)).toMatchObject(refusedAs('service.replayed'));
    });
  });
}

/** On NATS the replay needs no key at all: a captured message, republished byte for byte. */
export function capturedReplaySuite(topology: () => Topology): void {
  describe('a captured message republished on NATS', () => {
    it('creates nothing and gets no signed answer', async () => {
      const http = new HttpClient(topology().url);
      const { accessToken } = await signUp(http);
      const nats = await connect({ servers: topology().env.NATS_URL });
      try {
        const subject = `${topology().env.NATS_SUBJECT_PREFIX}todos.create`;
        // A plain subscriber outside the queue group gets a copy of every message on the subject.
        const captured = new Promise<Uint8Array>((done) => nats.subscribe(subject, { max: 1, callback: (_error, message) => done(message.data) }));
        await nats.flush();
        expect((await http.post('/todos', { title: 'Captured on the wire' }, { token: accessToken })).status).toBe(201);
        const reply = await nats.request(subject, await captured, { timeout: 5000 });
        const answer = JSON.parse(new TextDecoder().decode(reply.data)) as { response?: unknown; err?: unknown };
        expect(answer.response).toBeUndefined();
        expect(answer.err).toMatchObject(refusedAs('service.replayed'));
        const todos = await http.get<{ items: Todo[] }>('/todos', { token: accessToken });
        expect(todos.body.items.map((todo) => todo.title)).toEqual(['Captured on the wire']);
      } finally {
        await nats.close();
      }
    });
  });
}

/**
 * Each app's key speaks for that app alone, and only to the patterns its code calls: the ai
 * app (compromised, say) can read and create todos for the callers the gateway sent it, as the
 * gateway vouched for them, but cannot act for anyone else, call auth, delete todos, or pass
 * itself off as the gateway.
 */
export function serviceRightsSuite(topology: () => Topology, clientFor: ClientFor, subjectOf: (pattern: string) => string = (pattern) => pattern): void {
  const send = (pattern: string, envelope: unknown) => sendRaw(clientFor(pattern.split('.')[0]), subjectOf(pattern), envelope);
  /** A message signed with the ai app's key: what anyone holding it (the ai app, or whoever stole its key) can send. */
  const asAi = (pattern: string, payload: unknown, call = rawCall()) => signedEnvelope(credentialsOf(topology(), 'ai'), pattern.split('.')[0], subjectOf(pattern), payload, call);
  describe('service keys and rights', () => {

    it('lets the ai app call what its code calls, as itself, and nothing else', async () => {
      const http = new HttpClient(topology().url);
      const { accessToken } = await signUp(http);
      // The call context of a request the gateway sent to ai, which ai passes on to todos.
      const call = () => vouchedCall(topology(), callerOf(accessToken), 'ai');
      expect(await send('todos.list', asAi('todos.list', {}, call()))).toMatchObject({ ficusReply: { items: [] }, credential: { service: 'todos' } });
      expect(await send('auth.jwks', asAi('auth.jwks', {}))).toMatchObject(refusedAs('service.forbidden', 403));
      const todo = (await http.post<Todo>('/todos', { title: 'Not ai’s to delete' }, { token: accessToken })).body;
      expect(await send('todos.remove', asAi('todos.remove', { id: todo.id }, call()))).toMatchObject(refusedAs('service.forbidden', 403));
      expect((await http.get(`/todos/${todo.id}`, { token: accessToken })).status).toBe(200);
    });

    it('refuses the ai app’s key acting for a caller the gateway did not vouch for', async () => {
      const http = new HttpClient(topology().url);
      const victim = await signUp(http);
      const intruder = await signUp(http);
      const own = (await http.post<Todo>('/todos', { title: 'The victim’s own' }, { token: victim.accessToken })).body;
      // Any user's id, with any roles: what anyone holding the ai app's key could claim.
      const asVictim = () => rawCall({ caller: callerOf(victim.accessToken) });
      const create = await send('todos.create', asAi('todos.create', { title: 'Planted by ai' }, asVictim()));
      expect(create).toMatchObject(refusedAs('service.unauthenticated'));
      expect((create as { credential?: unknown }).credential).toBeUndefined();
      expect(await send('todos.get', asAi('todos.get', { id: own.id }, asVictim()))).toMatchObject(refusedAs('service.unauthenticated'));
      const promoted = rawCall({ caller: { ...callerOf(intruder.accessToken), roles: ['user', 'admin'] } });
      expect(await send('todos.list', asAi('todos.list', {}, promoted))).toMatchObject(refusedAs('service.unauthenticated'));
      const todos = await http.get<{ items: Todo[] }>('/todos', { token: victim.accessToken });
      expect(todos.body.items.map((todo) => todo.title)).toEqual(['The victim’s own']);
    });

    it('refuses a call context the gateway vouched for once it is changed, or for another context', async () => {
      const http = new HttpClient(topology().url);
      const mine = await signUp(http);
      const victim = await signUp(http);
      // What the ai app holds while it serves one of `mine`'s requests: good for that call as it is.
      const vouched = vouchedCall(topology(), callerOf(mine.accessToken), 'ai');
      expect(await send('todos.list', asAi('todos.list', {}, vouched))).toMatchObject({ ficusReply: { items: [] } });
      const changed = [
        { ...vouched, caller: callerOf(victim.accessToken) },
        { ...vouched, deadline: vouched.deadline + 60_000 },
        { ...vouched, callId: rawCall().callId },
      ];
      for (const call of changed) expect(await send('todos.create', asAi('todos.create', { title: 'Relabelled' }, call))).toMatchObject(refusedAs('service.unauthenticated'));
      expect((await http.get<{ items: Todo[] }>('/todos', { token: victim.accessToken })).body.items).toEqual([]);
      // Vouched for todos, sent to auth by the gateway itself: auth was not vouched to.
      const forTodos = vouchedCall(topology(), callerOf(mine.accessToken), 'todos');
      const asGateway = signedEnvelope(credentialsOf(topology(), 'gateway'), 'auth', subjectOf('auth.me'), {}, forTodos);
      expect(await send('auth.me', asGateway)).toMatchObject(refusedAs('service.unauthenticated'));
      const forAuth = vouchedCall(topology(), callerOf(mine.accessToken), 'auth');
      expect(await send('auth.me', signedEnvelope(credentialsOf(topology(), 'gateway'), 'auth', subjectOf('auth.me'), {}, forAuth))).toMatchObject({ ficusReply: { email: mine.email } });
    });

    it('refuses the ai app’s key claiming to be the gateway', async () => {
      const claimingGateway = asAi('auth.jwks', {});
      claimingGateway.credential = { ...claimingGateway.credential, service: 'gateway' };
      expect(await send('auth.jwks', claimingGateway)).toMatchObject(refusedAs('service.unauthenticated'));
    });
  });
}
