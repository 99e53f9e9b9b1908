import request from 'supertest';
import type { Server } from 'node:http';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { SessionRevocations } from '@ficus/common';
import { probeApp } from './fixtures/probe.app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { requireService } from '../support/services.js';

/** A 429 says what the 2xx before it said: the limit, nothing left, and when the budget returns (as Retry-After). */
function expectLimitedHeaders(headers: Record<string, string>, limit: number): void {
  expect(headers['x-ratelimit-limit']).toBe(String(limit));
  expect(headers['x-ratelimit-remaining']).toBe('0');
  expect(headers['x-ratelimit-reset']).toBe(headers['retry-after']);
}

describe('rate limiting with named tiers', () => {
  describe('in memory', () => {
    let testApp: TestApp;
    let server: Server;

    beforeAll(async () => {
      // REDIS_URL is unset on purpose: CI exports it, and these counts must be this process' own.
      testApp = await startTestApp(probeApp, { REDIS_URL: undefined, RATE_LIMIT_AUTH_LIMIT: '3', RATE_LIMIT_API_LIMIT: '4', TRUST_PROXY: '127.0.0.1' });
      server = testApp.app.getHttpServer();
    });
    afterAll(() => testApp.app.close());

    it('allows the auth tier limit, then 429 with Retry-After and rate-limit headers', async () => {
      const ip = '203.0.113.10';
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const ok = await request(server).post('/probe/login').set('x-forwarded-for', ip).expect(200);
        expect(ok.headers['x-ratelimit-limit']).toBe('3');
        expect(ok.headers['x-ratelimit-remaining']).toBe(String(3 - attempt));
      }
      const limited = await request(server).post('/probe/login').set('x-forwarded-for', ip).expect(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({ type: 'https://ficus.dev/problems/rate-limited', status: 429 });
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expectLimitedHeaders(limited.headers, 3);
    });

    it('counts each client IP separately when the proxy is trusted', async () => {
      for (let attempt = 0; attempt < 3; attempt += 1) await request(server).post('/probe/login').set('x-forwarded-for', '203.0.113.20').expect(200);
      await request(server).post('/probe/login').set('x-forwarded-for', '203.0.113.20').expect(429);
      await request(server).post('/probe/login').set('x-forwarded-for', '203.0.113.21').expect(200);
    });

    it('gives a client one budget across every route of a tier', async () => {
      const ip = '198.51.100.77';
      await request(server).get('/probe/api').set('x-forwarded-for', ip).expect(200);
      await request(server).get('/probe/me').set('x-forwarded-for', ip).expect(200);
      await request(server).get('/probe/api').set('x-forwarded-for', ip).expect(200);
      await request(server).get('/probe/me').set('x-forwarded-for', ip).expect(200);
      await request(server).get('/probe/api').set('x-forwarded-for', ip).expect(429);
    });

    it('counts IPv6 clients per /64, so rotating addresses does not reset the budget', async () => {
      for (let host = 1; host <= 3; host += 1) await request(server).post('/probe/login').set('x-forwarded-for', `2001:db8:1:2::${host}`).expect(200);
      await request(server).post('/probe/login').set('x-forwarded-for', '2001:db8:1:2::99').expect(429);
      await request(server).post('/probe/login').set('x-forwarded-for', '2001:db8:1:3::1').expect(200);
    });

    it('applies only the route tier: api routes have their own budget', async () => {
      for (let attempt = 0; attempt < 4; attempt += 1) await request(server).get('/probe/api').set('x-forwarded-for', '198.51.100.1').expect(200);
      await request(server).get('/probe/api').set('x-forwarded-for', '198.51.100.1').expect(429);
      await request(server).get('/probe/public').set('x-forwarded-for', '198.51.100.1').expect(200);
    });

    const me = (ip: string, user: string) => request(server).get('/probe/me').set('x-forwarded-for', ip).set('x-test-user', user);

    it('keys authenticated callers by user, wherever they connect from', async () => {
      for (let attempt = 0; attempt < 4; attempt += 1) await me(`198.51.100.${10 + attempt}`, 'user-a').expect(200);
      await me('198.51.100.99', 'user-a').expect(429);
      await me('198.51.100.10', 'user-b').expect(200);
    });

    it('never limits health probes', async () => {
      for (let attempt = 0; attempt < 10; attempt += 1) await request(server).get('/health').set('x-forwarded-for', '198.51.100.1').expect(200);
    });
  });

  it('ignores X-Forwarded-For without a trusted proxy', async () => {
    const testApp = await startTestApp(probeApp, { REDIS_URL: undefined, RATE_LIMIT_AUTH_LIMIT: '1' });
    try {
      const server = testApp.app.getHttpServer();
      await request(server).post('/probe/login').set('x-forwarded-for', '203.0.113.1').expect(200);
      await request(server).post('/probe/login').set('x-forwarded-for', '203.0.113.2').expect(429);
    } finally {
      await testApp.app.close();
    }
  });

  describe('when Redis is unreachable', () => {
    let testApp: TestApp;

    beforeAll(async () => {
      // Port 9 (discard) is closed on loopback: a real connection that is refused.
      testApp = await startTestApp(probeApp, { REDIS_URL: 'redis://127.0.0.1:9' });
    });
    afterAll(() => testApp.app.close());

    it('keeps the API available (fails open)', async () => {
      const started = Date.now();
      await request(testApp.app.getHttpServer()).get('/probe/api').expect(200);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('refuses credential endpoints with 503 (fails closed)', async () => {
      const response = await request(testApp.app.getHttpServer()).post('/probe/login').expect(503).expect('retry-after', '5');
      expect(response.body).toMatchObject({ type: 'https://ficus.dev/problems/rate-limiter-unavailable', status: 503, code: 'platform.store_unavailable' });
    });
  });

  describe('shared through Redis', () => {
    const redisUrl = requireService('REDIS_URL');
    const prefixCheck = new Redis(redisUrl);
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      const env = { REDIS_URL: redisUrl, RATE_LIMIT_AUTH_LIMIT: '2', TRUST_PROXY: '127.0.0.1' };
      first = await startTestApp(probeApp, env);
      second = await startTestApp(probeApp, env);
    });
    afterAll(async () => {
      await first.app.close();
      await second.app.close();
      prefixCheck.disconnect();
    });

    it('makes every instance share one count', async () => {
      const ip = `192.0.2.${Math.floor(Math.random() * 250) + 1}-${Date.now()}`;
      await request(first.app.getHttpServer()).post('/probe/login').set('x-forwarded-for', ip).expect(200);
      await request(second.app.getHttpServer()).post('/probe/login').set('x-forwarded-for', ip).expect(200);
      const limited = await request(first.app.getHttpServer()).post('/probe/login').set('x-forwarded-for', ip).expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expectLimitedHeaders(limited.headers, 2);
      expect((await prefixCheck.keys('*')).length).toBeGreaterThan(0);
    });
  });

  describe('deployments sharing one Redis under their own REDIS_KEY_PREFIX', () => {
    const redisUrl = requireService('REDIS_URL');
    const raw = new Redis(redisUrl);
    const run = randomBytes(4).toString('hex');
    const prefixes = { staging: `staging-${run}:`, production: `production-${run}:` };
    let staging: TestApp;
    let production: TestApp;

    beforeAll(async () => {
      const env = { REDIS_URL: redisUrl, RATE_LIMIT_AUTH_LIMIT: '1', TRUST_PROXY: '127.0.0.1' };
      staging = await startTestApp(probeApp, { ...env, REDIS_KEY_PREFIX: prefixes.staging });
      production = await startTestApp(probeApp, { ...env, REDIS_KEY_PREFIX: prefixes.production });
    });
    afterAll(async () => {
      await staging?.app.close();
      await production?.app.close();
      raw.disconnect();
    });

    it('count rate limits apart', async () => {
      const ip = `198.18.${randomInt(256)}.${randomInt(256)}`;
      await request(staging.app.getHttpServer()).post('/probe/login').set('x-forwarded-for', ip).expect(200);
      await request(staging.app.getHttpServer()).post('/probe/login').set('x-forwarded-for', ip).expect(429);
      await request(production.app.getHttpServer()).post('/probe/login').set('x-forwarded-for', ip).expect(200);
      expect((await raw.keys(`${prefixes.staging}*`)).some((key) => key.includes(ip))).toBe(true);
    });

    it('revoke sessions apart, every key under its own prefix', async () => {
      const session = randomUUID();
      await staging.app.get(SessionRevocations).revoke(session, Date.now() + 60_000);
      expect(await staging.app.get(SessionRevocations).isRevoked(session)).toBe(true);
      expect(await production.app.get(SessionRevocations).isRevoked(session)).toBe(false);
      const keys = await raw.keys(`*${session}*`);
      expect(keys).toHaveLength(1);
      expect(keys[0].startsWith(prefixes.staging)).toBe(true);
    });
  });
});
