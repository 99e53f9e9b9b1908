import request from 'supertest';
import { probeApp } from './fixtures/probe.app.js';
import { startTestApp } from '../support/test-app.js';
import { requireService } from '../support/services.js';

describe('liveness and readiness', () => {
  it('is live and ready when every dependency answers', async () => {
    const { app } = await startTestApp(probeApp, { REDIS_URL: requireService('REDIS_URL') });
    try {
      const server = app.getHttpServer();
      await request(server).get('/health').expect(200);
      const ready = await request(server).get('/ready').expect(200);
      expect(ready.body).toMatchObject({ status: 'ok', details: { redis: { status: 'up' } } });
    } finally {
      await app.close();
    }
  });

  it('stays live but answers 503 with per-dependency detail when a dependency is down', async () => {
    // Port 9 (discard) is closed on loopback: a real connection attempt that is refused.
    const { app } = await startTestApp(probeApp, { REDIS_URL: 'redis://127.0.0.1:9' });
    try {
      const server = app.getHttpServer();
      await request(server).get('/health').expect(200);
      const ready = await request(server).get('/ready').expect(503);
      expect(ready.body).toMatchObject({ status: 'error', error: { redis: { status: 'down', message: 'unavailable' } } });
      expect(ready.text).not.toContain('127.0.0.1');
    } finally {
      await app.close();
    }
  });
});
