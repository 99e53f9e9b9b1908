import { randomUUID } from 'node:crypto';
import type { AiStreamEvent, BreakdownResult } from '@ficus/contracts/ai';
import { lastValueFrom, toArray } from 'rxjs';
import { FakeLlm } from '../../../test/support/fake-llm/index.js';
import { problemOf, startAiContext, userCall, type AiHarness } from './support/ai-context.js';

function breakdownOfNewTodo(harness: AiHarness, title = 'Write the quarterly report') {
  const userId = randomUUID();
  const todo = harness.todos.seed(userId, { title });
  return harness.ai.breakdown({ todoId: todo.id }, userCall(userId));
}

/** How the ai context behaves when the model misbehaves: retries, timeouts, breaker, bulkhead, fallback. */
describe('ai context when the model fails', () => {
  const llm = new FakeLlm();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await llm.start();
  });
  afterAll(() => llm.stop());
  beforeEach(() => llm.reset());

  const model = (env: Record<string, string> = {}) =>
    startAiContext({ AI_PROVIDER: 'openai', AI_BASE_URL: baseUrl, AI_MODEL: 'fake-model', AI_MAX_ATTEMPTS: '2', AI_UPSTREAM_TIMEOUT_MS: '300', ...env });

  describe('with the fallback on (default)', () => {
    let harness: AiHarness;
    beforeAll(async () => {
      harness = await model({ AI_BREAKER_VOLUME_THRESHOLD: '1000' });
    });
    afterAll(() => harness?.close());

    it('retries a 5xx, and answers from the rules helper (degraded) when retries run out', async () => {
      llm.queue({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });
      const result = await breakdownOfNewTodo(harness);
      expect(result).toMatchObject({ generatedBy: 'rules', model: null, degraded: true });
      expect(result.suggestions[0].title).toBe('Outline the key points of “Write the quarterly report”');
      expect(llm.requests).toHaveLength(2);
      const metrics = await (await fetch(`${harness.url}/metrics`)).text();
      expect(metrics).toMatch(/ficus_ai_fallbacks_total\{reason="upstream",app="ai"\} 1/);
    });

    it('streams the tokens of failed attempts and of the fallback, and ends with the rules result, marked degraded', async () => {
      llm.queue({ kind: 'cut' }, { kind: 'cut' });
      const userId = randomUUID();
      const todo = harness.todos.seed(userId, { title: 'Write the quarterly report' });
      const events: AiStreamEvent<BreakdownResult>[] = await lastValueFrom(harness.ai.breakdownStream({ todoId: todo.id }, userCall(userId)).pipe(toArray()));
      const last = events.at(-1);
      expect(last).toMatchObject({ type: 'result', result: { generatedBy: 'rules', degraded: true } });
      const text = events.flatMap((event) => (event.type === 'token' ? [event.text] : [])).join('');
      // The cut model drafts came first: shown, but not the answer.
      expect(text.startsWith('{"subtasks":[{"title":"Gather')).toBe(true);
      expect(text).toContain('Outline the key points');
      // Only the fallback's text is marked: the drafts' tokens went out before anyone knew.
      const tokens = events.flatMap((event) => (event.type === 'token' ? [event] : []));
      const firstDegraded = tokens.findIndex((token) => token.degraded === true);
      expect(firstDegraded).toBeGreaterThan(0);
      expect(tokens.slice(0, firstDegraded).some((token) => token.degraded)).toBe(false);
      expect(tokens.slice(firstDegraded).every((token) => token.degraded === true)).toBe(true);
      expect(tokens.slice(firstDegraded).map((token) => token.text).join('')).toContain('Outline the key points');
      expect(events.filter((event) => event.type === 'result')).toHaveLength(1);
    });

    it('waits as long as a 429 asks before retrying', async () => {
      llm.queue({ kind: 'status', status: 429, retryAfter: '1' });
      const result = await breakdownOfNewTodo(harness);
      expect(result).toMatchObject({ generatedBy: 'llm', degraded: false });
      expect(llm.requests).toHaveLength(2);
      expect(llm.requests[1].receivedAt - llm.requests[0].receivedAt).toBeGreaterThanOrEqual(950);
    });

    it('retries a stream cut mid-way', async () => {
      llm.queue({ kind: 'cut' });
      expect(await breakdownOfNewTodo(harness)).toMatchObject({ generatedBy: 'llm', degraded: false });
      expect(llm.requests).toHaveLength(2);
    });

    it('gives a slow model AI_UPSTREAM_TIMEOUT_MS per attempt, then falls back', async () => {
      llm.byDefault({ kind: 'answer', delayMs: 2000 });
      const started = Date.now();
      expect(await breakdownOfNewTodo(harness)).toMatchObject({ generatedBy: 'rules', degraded: true });
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('does not hide a misconfiguration (401, 404 from the API) behind the fallback: 502', async () => {
      llm.queue({ kind: 'status', status: 401 });
      expect(await problemOf(breakdownOfNewTodo(harness))).toMatchObject({ status: 502, code: 'dependency.upstream_failed' });
      expect(llm.requests).toHaveLength(1);
    });
  });

  describe('once the breaker opens', () => {
    let harness: AiHarness;
    beforeAll(async () => {
      harness = await model({ AI_BREAKER_VOLUME_THRESHOLD: '4', AI_BREAKER_RESET_TIMEOUT_MS: '60000' });
    });
    afterAll(() => harness?.close());

    it('answers from the rules helper at once without calling the model, and stays ready', async () => {
      llm.byDefault({ kind: 'status', status: 500 });
      await breakdownOfNewTodo(harness);
      await breakdownOfNewTodo(harness);
      const calls = llm.requests.length;
      expect(calls).toBe(4);
      const started = Date.now();
      expect(await breakdownOfNewTodo(harness)).toMatchObject({ generatedBy: 'rules', degraded: true });
      expect(llm.requests).toHaveLength(calls);
      // The model seeing no call proves the short circuit; this bound is loose for a loaded CI
      // machine, and the sub-5 ms fail-fast bound is proven with fake clocks in libs/resilience.
      expect(Date.now() - started).toBeLessThan(500);
      const ready = await fetch(`${harness.url}/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { details: Record<string, unknown> }).details['circuit-breakers']).toMatchObject({ status: 'up', llm: { state: 'open' } });
      const metrics = await (await fetch(`${harness.url}/metrics`)).text();
      expect(metrics).toMatch(/ficus_circuit_breaker_state\{breaker="llm",app="ai"\} 2/);
      expect(metrics).toMatch(/ficus_ai_fallbacks_total\{reason="circuit_open",app="ai"\} 1/);
    });
  });

  describe('with AI_FALLBACK_ENABLED=false', () => {
    let harness: AiHarness;
    beforeAll(async () => {
      harness = await model({ AI_FALLBACK_ENABLED: 'false', AI_BREAKER_VOLUME_THRESHOLD: '5', AI_BREAKER_RESET_TIMEOUT_MS: '60000', AI_MAX_CONCURRENT: '1', AI_MAX_QUEUED: '0' });
    });
    afterAll(() => harness?.close());

    it('answers 503 dependency.busy when the bulkhead is full', async () => {
      llm.queue({ kind: 'answer', delayMs: 200 });
      const [first, second] = await Promise.allSettled([breakdownOfNewTodo(harness), breakdownOfNewTodo(harness)]);
      expect(first.status).toBe('fulfilled');
      expect(await problemOf(second.status === 'rejected' ? Promise.reject(second.reason) : Promise.resolve())).toMatchObject({ status: 503, code: 'dependency.busy', retryAfterSeconds: 1 });
    });

    it('answers 504 dependency.timeout for a slow model, 502 for a failing one, then 503 with Retry-After once the breaker is open', async () => {
      llm.queue({ kind: 'answer', delayMs: 2000 }, { kind: 'answer', delayMs: 2000 });
      expect(await problemOf(breakdownOfNewTodo(harness))).toMatchObject({ status: 504, code: 'dependency.timeout' });
      llm.byDefault({ kind: 'status', status: 500 });
      expect(await problemOf(breakdownOfNewTodo(harness))).toMatchObject({ status: 502, code: 'dependency.upstream_failed' });
      const open = await problemOf(breakdownOfNewTodo(harness));
      expect(open).toMatchObject({ status: 503, code: 'dependency.circuit_open' });
      expect(open.retryAfterSeconds).toBeGreaterThan(50);
    });
  });
});
