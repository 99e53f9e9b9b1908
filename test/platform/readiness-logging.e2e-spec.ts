import request from 'supertest';
import { probeApp } from './fixtures/probe.app.js';
import { eventually } from '../support/eventually.js';
import { startTestApp } from '../support/test-app.js';
import { startThrowawayRedis } from '../support/throwaway/index.js';

// A file of its own: nestjs-pino keeps one root logger per process, so only the first app a test
// file starts writes to its own log capture.
it('logs a failing readiness check once per outage, not once per probe, and once when it passes again', async () => {
  const redis = await startThrowawayRedis();
  const { app, logs } = await startTestApp(probeApp, { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '200' });
  const readinessLines = () => logs.lines.map((line) => String(line.msg)).filter((msg) => /readiness|health check/i.test(msg));
  try {
    const server = app.getHttpServer();
    await request(server).get('/ready').expect(200);
    await redis.kill();
    for (let probe = 0; probe < 3; probe += 1) await request(server).get('/ready').expect(503);
    expect(readinessLines()).toEqual([expect.stringMatching(/^Readiness check redis failed: .+ \(logged again when it passes\)$/)]);
    await redis.start();
    await eventually(async () => expect((await request(server).get('/ready')).status).toBe(200));
    await request(server).get('/ready').expect(200);
    expect(readinessLines()).toEqual([expect.stringMatching(/^Readiness check redis failed/), 'Readiness check redis passes again']);
  } finally {
    await app.close();
    await redis.stop();
  }
});
