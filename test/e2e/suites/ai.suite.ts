import { randomUUID } from 'node:crypto';
import type { FakeLlm } from '../../support/fake-llm/index.js';
import type { HttpClient } from '../../support/http-client.js';
import { signUp, type SuiteContext } from './auth.suite.js';

interface Todo {
  id: string;
  title: string;
  parentId: string | null;
}

interface Breakdown {
  todoId: string;
  suggestions: { title: string; rationale: string }[];
  created: Todo[];
  generatedBy: string;
  model: string | null;
  degraded: boolean;
}

/** The fake model's answer to every breakdown (see test/support/fake-llm). */
const MODEL_SUGGESTIONS = [
  { title: 'Gather what is needed', rationale: 'Having everything at hand avoids interruptions.' },
  { title: 'Do the main part', rationale: 'This is the core of the task.' },
  { title: 'Check the result', rationale: 'Catches mistakes before they matter.' },
];

/**
 * What every process of a topology needs to let the ai context call `llm`: the openai
 * provider pointed at the fake, with short timeouts so failure tests stay quick.
 */
export async function aiEnvironment(llm: FakeLlm): Promise<Record<string, string>> {
  return { AI_PROVIDER: 'openai', AI_BASE_URL: await llm.start(), AI_MODEL: 'fake-model', AI_UPSTREAM_TIMEOUT_MS: '1000', AI_MAX_ATTEMPTS: '2' };
}

type StreamEvent = { event: string; data: unknown };

function parseEvents(text: string): StreamEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const [event, data] = block.split('\n');
      return { event: event.replace(/^event: /, ''), data: JSON.parse(data.replace(/^data: /, '')) as unknown };
    });
}

/**
 * A `text/event-stream` request read as it arrives: `until` resolves once an event matching
 * the predicate has been received (the body may still be open), `rest` once the body ended.
 */
async function streaming(url: string, token: string, requestId?: string) {
  const headers = { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(requestId ? { 'x-request-id': requestId } : {}) };
  const response = await fetch(url, { method: 'POST', headers });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const received = () => parseEvents(text.slice(0, text.lastIndexOf('\n\n') + 2));
  /** Reads the next chunk; false once the body has ended. */
  const readMore = async (): Promise<boolean> => {
    const chunk = await reader.read();
    if (!chunk.done) text += decoder.decode(chunk.value, { stream: true });
    return !chunk.done;
  };
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    degradedHeader: response.headers.get('x-ficus-degraded'),
    async until(found: (event: StreamEvent) => boolean): Promise<StreamEvent[]> {
      let more = true;
      while (more && !received().some(found)) more = await readMore();
      return received();
    },
    async rest(): Promise<StreamEvent[]> {
      while (await readMore());
      return received();
    },
  };
}

/** The events of a `text/event-stream` body, data parsed. */
async function streamed(url: string, token: string): Promise<{ status: number; contentType: string | null; degradedHeader: string | null; events: StreamEvent[] }> {
  const stream = await streaming(url, token);
  return { status: stream.status, contentType: stream.contentType, degradedHeader: stream.degradedHeader, events: await stream.rest() };
}

/** Resolves once the fake model has no open request, or after `withinMs`; true if it got there. */
export async function modelIdleWithin(llm: FakeLlm, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (llm.openRequests > 0 && Date.now() < until) await new Promise((done) => setTimeout(done, 10));
  return llm.openRequests === 0;
}

/**
 * Asks for an answer and leaves: a streamed one after its first event (`afterFirstEvent`) or
 * once the model is working on it; a plain one (`stream: false`) once the model is working on it.
 */
export async function leaveRequest(llm: FakeLlm, url: string, token: string, { stream = true, afterFirstEvent = false, requestId }: { stream?: boolean; afterFirstEvent?: boolean; requestId?: string } = {}): Promise<void> {
  const client = new AbortController();
  const headers = { authorization: `Bearer ${token}`, ...(stream ? { accept: 'text/event-stream' } : {}), ...(requestId ? { 'x-request-id': requestId } : {}) };
  const answer = fetch(url, { method: 'POST', headers, signal: client.signal });
  if (stream && afterFirstEvent) await ((await answer).body as ReadableStream<Uint8Array>).getReader().read();
  else while (llm.openRequests === 0) await new Promise((done) => setTimeout(done, 10));
  client.abort();
  await answer.catch(() => undefined);
}

/** Asks for a streamed answer and leaves: after its first event, or once the model is working on it. */
export function leaveStream(llm: FakeLlm, url: string, token: string, afterFirstEvent: boolean, requestId?: string): Promise<void> {
  return leaveRequest(llm, url, token, { afterFirstEvent, requestId });
}

/**
 * The AI API through the gateway, with the ai context calling a fake OpenAI-compatible model;
 * identical assertions in every topology (ai in the gateway or its own app, todos likewise).
 */
export function aiSuite(context: SuiteContext & { llm: FakeLlm }): void {
  describe('ai', () => {
    let http: HttpClient;
    let token: string;

    beforeAll(async () => {
      http = context.http();
      token = (await signUp(http)).accessToken;
    });
    beforeEach(() => context.llm.reset());

    const newTodo = async (title: string, as = token) => (await http.post<Todo>('/todos', { title }, { token: as })).body;
    const breakdown = (id: string, body?: unknown, as = token) => http.post<Breakdown>(`/ai/todos/${id}/breakdown`, body, { token: as });

    it("suggests subtasks for one of the caller's todos, from the model, with the todo sent as data", async () => {
      const todo = await newTodo('Write the quarterly report');
      const response = await breakdown(todo.id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ todoId: todo.id, suggestions: MODEL_SUGGESTIONS, created: [], generatedBy: 'llm', model: 'fake-model', degraded: false });
      expect(response.headers.get('x-ficus-degraded')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store');
      const prompt = context.llm.requests[0].body.messages?.[1]?.content ?? '';
      expect(prompt).toMatch(/<todo_data>\n.*"title":"Write the quarterly report".*\n<\/todo_data>/);
    });

    it('creates the suggestions as subtasks with apply, through the todos facade', async () => {
      const todo = await newTodo('Plan the team offsite');
      const response = await breakdown(todo.id, { apply: true });
      expect(response.status).toBe(200);
      expect(response.body.created.map((created) => [created.title, created.parentId])).toEqual(MODEL_SUGGESTIONS.map((suggestion) => [suggestion.title, todo.id]));
      const subtasks = await http.get<{ items: Todo[] }>(`/todos?parentId=${todo.id}`, { token });
      expect(subtasks.body.items.map((subtask) => subtask.title).toSorted()).toEqual(MODEL_SUGGESTIONS.map((suggestion) => suggestion.title).toSorted());
    });

    it("refuses anonymous callers, malformed ids, unknown bodies and other users' todos", async () => {
      const todo = await newTodo('Private');
      expect((await http.post(`/ai/todos/${todo.id}/breakdown`)).status).toBe(401);
      expect((await breakdown('not-a-uuid')).status).toBe(400);
      expect((await breakdown(todo.id, { apply: 'yes', extra: 1 })).status).toBe(400);
      const stranger = (await signUp(http)).accessToken;
      const hidden = await breakdown(todo.id, undefined, stranger);
      expect(hidden.status).toBe(404);
      expect(hidden.body).toMatchObject({ code: 'todos.not_found' });
      expect((await breakdown(randomUUID())).status).toBe(404);
      expect(context.llm.requests).toHaveLength(0);
    });

    it('plans the open todos: what first, and why, with their own titles', async () => {
      const planner = (await signUp(http)).accessToken;
      const first = await newTodo('Renew the passport', planner);
      const second = await newTodo('Pay the rent', planner);
      const response = await http.post<{ steps: { todoId: string; title: string }[]; openTodos: number; generatedBy: string }>('/ai/todos/summary', undefined, { token: planner });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ openTodos: 2, truncated: false, generatedBy: 'llm', degraded: false, summary: expect.any(String) });
      const planned = response.body.steps.map((step) => `${step.todoId} ${step.title}`).toSorted();
      expect(planned).toEqual([`${first.id} Renew the passport`, `${second.id} Pay the rent`].toSorted());
    });

    it('streams tokens while the model is still answering, then the same result as JSON', async () => {
      const todo = await newTodo('Fix the leaking tap');
      const plain = await breakdown(todo.id);
      context.llm.queue({ kind: 'answer', hold: true });
      const stream = await streaming(`${http.baseUrl}/ai/todos/${todo.id}/breakdown`, token);
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      expect(stream.cacheControl).toBe('no-store');
      expect(stream.degradedHeader).toBeNull();
      const early = await stream.until((event) => event.event === 'token');
      // The fake has sent the content but not the end of its stream: these tokens cannot be replayed afterwards.
      expect(context.llm.holding).toBe(true);
      expect(early.map((event) => event.event)).not.toContain('result');
      context.llm.release();
      const events = await stream.rest();
      expect(events.at(-1)).toEqual({ event: 'result', data: plain.body });
      const tokens = events.slice(0, -1);
      expect(tokens.every((event) => event.event === 'token' && !('degraded' in (event.data as object)))).toBe(true);
      // Tokens are the model's raw text: here, the JSON it wrote.
      expect(tokens.map((event) => (event.data as { text: string }).text).join('')).toContain('"title":"Gather what is needed"');
    });

    it('streams a plan with the same result as a plain request', async () => {
      const planner = (await signUp(http)).accessToken;
      await newTodo('Water the plants', planner);
      const plain = await http.post('/ai/todos/summary', undefined, { token: planner });
      const stream = await streamed(`${http.baseUrl}/ai/todos/summary`, planner);
      expect(stream.events.at(-1)).toEqual({ event: 'result', data: plain.body });
      expect(stream.events.length).toBeGreaterThan(1);
    });

    it('fails a stream before its first event as problem+json, after it with an error event', async () => {
      const missing = await fetch(`${http.baseUrl}/ai/todos/${randomUUID()}/breakdown`, { method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      const todo = await newTodo('Something else vague');
      context.llm.queue({ kind: 'malformed' }, { kind: 'malformed' });
      const stream = await streamed(`${http.baseUrl}/ai/todos/${todo.id}/breakdown`, token);
      expect(stream.status).toBe(200);
      expect(stream.events[0].event).toBe('token');
      expect(stream.events.at(-1)).toMatchObject({ event: 'error', data: { status: 502, code: 'ai.invalid_output' } });
      expect(stream.events.map((event) => event.event)).not.toContain('result');
    });

    it('answers from the rules helper, marked degraded, when the model keeps failing', async () => {
      const todo = await newTodo('Write the release notes');
      context.llm.queue({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });
      const response = await breakdown(todo.id);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ficus-degraded')).toBe('rules');
      expect(response.body).toMatchObject({ generatedBy: 'rules', model: null, degraded: true });
      expect(response.body.suggestions[0].title).toBe('Outline the key points of “Write the release notes”');
    });

    it('streams a degraded answer with the header too, when the model fails before the first token', async () => {
      const todo = await newTodo('Write the release notes again');
      context.llm.queue({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });
      const stream = await streamed(`${http.baseUrl}/ai/todos/${todo.id}/breakdown`, token);
      expect([stream.status, stream.degradedHeader]).toEqual([200, 'rules']);
      const tokens = stream.events.slice(0, -1);
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.every((event) => event.event === 'token' && (event.data as { degraded?: boolean }).degraded === true)).toBe(true);
      expect(stream.events.at(-1)).toMatchObject({ event: 'result', data: { generatedBy: 'rules', degraded: true } });
    });

    it('answers 502 problem+json when the model stays off format after a repair attempt', async () => {
      const todo = await newTodo('Something vague');
      context.llm.queue({ kind: 'malformed' }, { kind: 'malformed' });
      const response = await breakdown(todo.id);
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 502, code: 'ai.invalid_output' });
      expect(context.llm.requests).toHaveLength(2);
    });

    it('limits AI requests per user with its own tier (RATE_LIMIT_AI_LIMIT, 20 a minute)', async () => {
      const busy = (await signUp(http)).accessToken;
      const first = await http.post('/ai/todos/summary', undefined, { token: busy });
      expect(first.headers.get('x-ratelimit-limit')).toBe('20');
      const statuses = [first.status];
      for (let request = 1; request < 21; request += 1) statuses.push((await http.post('/ai/todos/summary', undefined, { token: busy })).status);
      expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
      const limited = await http.post('/ai/todos/summary', undefined, { token: busy });
      expect([statuses[20], limited.status]).toEqual([429, 429]);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Other tiers keep their own budget.
      expect((await http.get('/todos', { token: busy })).status).toBe(200);
    });

    it('shows the circuit breakers in /ready without failing it', async () => {
      const ready = await http.get<{ details: Record<string, { status: string }> }>('/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details['circuit-breakers']).toMatchObject({ status: 'up' });
    });

    // In every topology: when ai is its own app, the gateway tells it (a signed cancel event).
    describe('when the client of a stream leaves', () => {
      it('stops the model request at once after the first event, and tries no other', async () => {
        const todo = await newTodo('Sort the photos');
        const before = context.llm.requests.length;
        context.llm.queue({ kind: 'answer', hold: true });
        await leaveStream(context.llm, `${http.baseUrl}/ai/todos/${todo.id}/breakdown`, token, true);
        // Well inside AI_UPSTREAM_TIMEOUT_MS (1 s), which would otherwise end the attempt and retry.
        expect(await modelIdleWithin(context.llm, 500)).toBe(true);
        await new Promise((done) => setTimeout(done, 1200));
        expect(context.llm.requests.length - before).toBe(1);
      });

      it('stops the model request at once when the client leaves before the first event', async () => {
        const todo = await newTodo('Clean the windows');
        context.llm.queue({ kind: 'answer', delayMs: 900 });
        await leaveStream(context.llm, `${http.baseUrl}/ai/todos/${todo.id}/breakdown`, token, false);
        expect(await modelIdleWithin(context.llm, 500)).toBe(true);
      });

      it("does not stop another user's stream that carries the same request id", async () => {
        // Request ids are the client's to choose: reusing a victim's must not reach the victim's work.
        const sharedId = `shared-${randomUUID()}`;
        const victim = (await signUp(http)).accessToken;
        const theirs = await newTodo('Their long task', victim);
        const mine = await newTodo('My short task');
        context.llm.queue({ kind: 'answer', hold: true }, { kind: 'answer', hold: true });
        const victimStream = await streaming(`${http.baseUrl}/ai/todos/${theirs.id}/breakdown`, victim, sharedId);
        await victimStream.until((event) => event.event === 'token');
        await leaveStream(context.llm, `${http.baseUrl}/ai/todos/${mine.id}/breakdown`, token, true, sharedId);
        // Once the leaver's model request has ended, the victim's answer may finish.
        while (context.llm.openRequests > 1) await new Promise((done) => setTimeout(done, 10));
        context.llm.release();
        expect((await victimStream.rest()).at(-1)).toMatchObject({ event: 'result', data: { todoId: theirs.id } });
      });
    });

    // In every topology: when ai is its own app, the gateway tells it (a signed cancel event).
    describe('when the client of a plain request leaves', () => {
      it('stops the model request at once, and tries no other', async () => {
        const todo = await newTodo('Defrost the freezer');
        const before = context.llm.requests.length;
        context.llm.queue({ kind: 'answer', hold: true });
        await leaveRequest(context.llm, `${http.baseUrl}/ai/todos/${todo.id}/breakdown`, token, { stream: false });
        // Well inside AI_UPSTREAM_TIMEOUT_MS (1 s), which would otherwise end the attempt and retry.
        expect(await modelIdleWithin(context.llm, 500)).toBe(true);
        await new Promise((done) => setTimeout(done, 1200));
        expect(context.llm.requests.length - before).toBe(1);
      });
    });
  });
}
