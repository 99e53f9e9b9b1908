import type { ClientOptions } from '@nestjs/microservices';
import { replyPattern, ServiceCredentials, type ServiceCredential } from '@ficus/common';
import { newServiceKey } from '../../../tools/start/dev-keys.js';
import { eventually } from '../../support/eventually.js';
import { HttpClient } from '../../support/http-client.js';
import { credentialsOf, rawCall, sendRaw, signedEnvelope as signedAs, traceId } from '../../support/raw-messages.js';
import { stopProcess, type Topology } from '../../support/topology.js';
import type { FakeLlm } from '../../support/fake-llm/index.js';
import { leaveStream, modelIdleWithin } from './ai.suite.js';
import { signUp } from './auth.suite.js';

/** Log lines reach us through a pipe, a moment after the response. */
async function eventuallyContains(read: () => string, text: string, timeoutMs = 3000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!read().includes(text)) {
    if (Date.now() > until) return false;
    await new Promise((done) => setTimeout(done, 25));
  }
  return true;
}

/** A message for auth on `subject` with an empty payload, signed as the gateway (with `credentials`, else the gateway's key). */
const signedEnvelope = (topology: Topology, subject: string, signedCall = rawCall(), credentials = credentialsOf(topology, 'gateway')) =>
  signedAs(credentials, 'auth', subject, {}, signedCall);

/** What an impostor claiming to be the gateway signs with: a key of its own, and every app's public key. */
const impostor = (topology: Topology) => ServiceCredentials.fromConfig('gateway', { SERVICE_PRIVATE_KEYS: newServiceKey(), SERVICE_PUBLIC_KEYS: topology.env.SERVICE_PUBLIC_KEYS.split(',') });

/** Remote handlers act only on messages signed by a known app, on any transport. */
export function signedMessagesSuite(topology: () => Topology, clientOptions: () => ClientOptions, subjectOf: (pattern: string) => string = (pattern) => pattern): void {
  describe('service credentials', () => {

    it('refuses unsigned and wrongly signed messages, and serves signed ones', async () => {
      const unsigned = await sendRaw(clientOptions(), subjectOf('auth.jwks'), { payload: {}, call: rawCall() });
      expect(unsigned).toMatchObject({ ficusProblem: { status: 401, code: 'service.unauthenticated' } });
      const wronglySigned = await sendRaw(clientOptions(), subjectOf('auth.jwks'), signedEnvelope(topology(), subjectOf('auth.jwks'), rawCall(), impostor(topology())));
      expect(wronglySigned).toMatchObject({ ficusProblem: { status: 401, code: 'service.unauthenticated' } });
      // Refusals carry no signature: the app must not sign answers to call contexts a stranger chose.
      expect([unsigned, wronglySigned].map((refusal) => (refusal as { credential?: unknown }).credential)).toEqual([undefined, undefined]);
      const signed = signedEnvelope(topology(), subjectOf('auth.jwks'));
      const answer = await sendRaw(clientOptions(), subjectOf('auth.jwks'), signed);
      // The answer is signed too, bound to this request: callers act only on a trusted app's reply.
      expect(answer).toMatchObject({ ficusReply: { keys: [expect.objectContaining({ alg: 'ES256' })] }, credential: { service: 'auth' } });
      const { ficusReply, credential } = answer as { ficusReply: unknown; credential: ServiceCredential };
      expect(() => credentialsOf(topology(), 'gateway').verify(replyPattern(subjectOf('auth.jwks')), ficusReply, signed.call, credential, 'auth')).not.toThrow();
    });

    it('refuses a signed message whose deadline has passed', async () => {
      const expired = rawCall({ deadline: Date.now() - 1 });
      expect(await sendRaw(clientOptions(), subjectOf('auth.jwks'), signedEnvelope(topology(), subjectOf('auth.jwks'), expired))).toMatchObject({
        ficusProblem: { status: 504, code: 'context.deadline_exceeded' },
        // A trusted caller's message: its problem is signed, as a problem.
        credential: { service: 'auth' },
      });
    });
  });
}

/**
 * With TCP_TLS the auth app speaks TLS only, with the certificate its callers trust: a plain TCP
 * client, or a TLS client that does not trust the certificate, gets no answer at all.
 * `clientOptions(tls)` reaches auth with TLS and the topology's CA, or without TLS, or (`untrusted`)
 * with TLS and only the system CAs.
 */
export function tcpTlsSuite(topology: () => Topology, clientOptions: (mode: 'tls' | 'plain' | 'untrusted') => ClientOptions): void {
  const signedJwks = () => signedEnvelope(topology(), 'auth.jwks');
  describe('TCP_TLS', () => {

    it('answers a signed message over TLS', async () => {
      expect(await sendRaw(clientOptions('tls'), 'auth.jwks', signedJwks())).toMatchObject({ credential: { service: 'auth' } });
    });

    it('gives a plain TCP client, or one that does not trust its certificate, nothing', async () => {
      for (const mode of ['plain', 'untrusted'] as const) {
        const answer = await sendRaw(clientOptions(mode), 'auth.jwks', signedJwks());
        expect([mode, answer instanceof Error]).toEqual([mode, true]);
      }
    });
  });
}

/** Deployments sharing a NATS server are apart by their subject prefix. */
export function subjectPrefixSuite(topology: () => Topology, clientOptions: () => ClientOptions): void {
  describe('NATS_SUBJECT_PREFIX', () => {
    it('keeps this deployment out of reach of messages under another prefix', async () => {
      const answer = await sendRaw(clientOptions(), 'auth.jwks', signedEnvelope(topology(), 'auth.jwks'));
      expect(answer).toBeInstanceOf(Error);
      expect(String(answer)).toMatch(/no subscribers|Empty response/i);
    });
  });
}

/** A remote context that stops answers 503/504 within its timeout, and comes back by itself. */
export function outageSuite(topology: () => Topology): void {
  describe('a stopped context', () => {
    it('fails fast with 503/504 and recovers without restarting the gateway', async () => {
      const http = new HttpClient(topology().url);
      const { accessToken } = await signUp(http);
      for (const instance of topology().contexts.auth ?? []) await stopProcess(instance);
      const started = Date.now();
      const down = await http.get('/auth/me', { token: accessToken });
      expect([503, 504]).toContain(down.status);
      expect(down.body).toMatchObject({ code: expect.stringMatching(/^context\./) });
      expect(Date.now() - started).toBeLessThan(Number(topology().env.REMOTE_CALL_TIMEOUT_MS) + 1000);
      const ready = await http.get<{ details: Record<string, { status: string }> }>('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.details['context:auth']).toMatchObject({ status: 'down' });

      await topology().startContext('auth');
      // Serving again once the new app's subscription has reached the gateway's NATS server and
      // the breaker lets a trial call through: polled, within the breaker's reset time.
      await eventually(async () => expect((await http.get('/auth/me', { token: accessToken })).status).toBe(200));
      await eventually(async () => expect((await http.get('/ready')).status).toBe(200));
    });
  });
}

/** Request ids cross apps; instances of a context share the work (NATS queue group). */
export function natsDistributionSuite(topology: () => Topology, llm: FakeLlm): void {
  describe('across processes', () => {
    it('logs the same request id in the gateway and in the context app', async () => {
      const http = new HttpClient(topology().url);
      const { accessToken } = await signUp(http);
      const id = traceId();
      expect((await http.get('/auth/me', { token: accessToken, headers: { 'x-request-id': id } })).status).toBe(200);
      const [auth] = topology().contexts.auth ?? [];
      expect(await eventuallyContains(() => topology().gateway.output(), id)).toBe(true);
      expect(await eventuallyContains(() => auth.output(), id)).toBe(true);
    });

    it('spreads messages over every instance of a context', async () => {
      const second = await topology().startContext('auth');
      const [first] = topology().contexts.auth ?? [];
      const http = new HttpClient(topology().url);
      const ids = Array.from({ length: 24 }, traceId);
      for (const id of ids) expect((await http.get('/.well-known/jwks.json', { headers: { 'x-request-id': id } })).status).toBe(200);
      const servedBy = (instance: { output(): string }) => ids.filter((id) => instance.output().includes(id)).length;
      // Each process writes its log lines in batches (buffered stdout): wait for both to flush.
      await eventually(() => expect(servedBy(first) + servedBy(second)).toBe(ids.length));
      expect(servedBy(first)).toBeGreaterThan(0);
      expect(servedBy(second)).toBeGreaterThan(0);
    });

    it('stops a stream whose client left in whichever instance of the context runs it', async () => {
      const second = await topology().startContext('ai');
      const [first] = topology().contexts.ai ?? [];
      const http = new HttpClient(topology().url);
      const { accessToken } = await signUp(http);
      const ids: string[] = [];
      const servedBy = (instance: { output(): string }) => ids.filter((id) => instance.output().includes(id)).length;
      // Until each instance has run at least one of the streams (the queue group picks at random).
      while (ids.length < 16 && (servedBy(first) === 0 || servedBy(second) === 0)) {
        const todo = (await http.post<{ id: string }>('/todos', { title: 'Tidy the shed' }, { token: accessToken })).body;
        llm.queue({ kind: 'answer', hold: true });
        const id = traceId();
        ids.push(id);
        await leaveStream(llm, `${topology().url}/ai/todos/${todo.id}/breakdown`, accessToken, true, id);
        expect([id, await modelIdleWithin(llm, 500)]).toEqual([id, true]);
        await eventuallyContains(() => first.output() + second.output(), id);
      }
      expect(Math.min(servedBy(first), servedBy(second))).toBeGreaterThan(0);
    });
  });
}
