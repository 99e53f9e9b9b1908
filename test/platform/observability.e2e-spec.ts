import request from 'supertest';
import type { Server } from 'node:http';
import { probeApp } from './fixtures/probe.app.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('request ids, logs, metrics, docs and headers', () => {
  let testApp: TestApp;
  let server: Server;

  beforeAll(async () => {
    testApp = await startTestApp(probeApp, { CORS_ORIGINS: 'https://app.example.com' });
    server = testApp.app.getHttpServer();
  });
  afterAll(() => testApp.app.close());

  it('generates a request id and echoes it', async () => {
    const response = await request(server).get('/health').expect(200);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps an acceptable client request id and puts it on every log line of the request', async () => {
    const before = testApp.logs.lines.length;
    const response = await request(server).get('/probe/crash').set('x-request-id', 'client-id-123').expect(500);
    expect(response.headers['x-request-id']).toBe('client-id-123');
    expect(response.body.requestId).toBe('client-id-123');
    // Every line written while serving the request, chosen without looking at the id.
    const lines = testApp.logs.lines.slice(before);
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['Unhandled error while serving a request', 'request errored']));
    for (const line of lines) expect(JSON.stringify(line)).toContain('client-id-123');
    // The failure's stack once, where it was caught; the request's own line only its status.
    expect(lines.filter((line) => JSON.stringify(line).includes('"stack"')).map((line) => line.msg)).toEqual(['Unhandled error while serving a request']);
    expect(lines.find((line) => line.msg === 'request errored')).toMatchObject({ res: { statusCode: 500 } });
  });

  it.each([['x'.repeat(129)], ['bad id with spaces'], ['tab\tseparated'], ['<script>']])('replaces an unacceptable request id (%#)', async (id) => {
    const response = await request(server).get('/health').set('x-request-id', id).expect(200);
    expect(response.headers['x-request-id']).not.toBe(id);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs request credentials', async () => {
    const response = await request(server)
      .get('/health')
      .set('authorization', 'Bearer super-secret-token')
      .set('cookie', 'session=super-secret-cookie')
      .expect(200);
    const lines = testApp.logs.forRequest(response.headers['x-request-id']);
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain('super-secret');
  });

  it('redacts secrets that application code logs and secret query parameters, in every line', async () => {
    const before = testApp.logs.lines.length;
    await request(server).get('/probe/log-secret?token=query-secret&page=2').expect(200);
    const lines = testApp.logs.lines.slice(before);
    const line = lines.find((entry) => entry.msg === 'login attempt');
    expect(line).toMatchObject({
      login: { email: 'a@example.com', password: '[Redacted]' },
      refreshToken: '[Redacted]',
      authorization: '[Redacted]',
      cookie: '[Redacted]',
      err: { config: { headers: { Authorization: '[Redacted]' } } },
    });
    expect(JSON.stringify(lines)).toContain('/probe/log-secret?token=[Redacted]&page=2');
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|rt-secret|top-secret|cookie-secret|deep-secret|query-secret/);
  });

  it('serves default metrics under their standard names, labelled with the app, and a request histogram by route template', async () => {
    await request(server).get('/probe/api').expect(200);
    await request(server).get('/definitely/unknown/42').expect(404);
    const metrics = (await request(server).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^process_cpu_user_seconds_total\{app="probe"\} /m);
    expect(metrics).toMatch(/http_request_duration_seconds_count\{app="probe",method="GET",route="\/probe\/api",status_code="200"\} \d+/);
    expect(metrics).toMatch(/http_request_duration_seconds_count\{app="probe",method="GET",route="unmatched",status_code="404"\} \d+/);
    expect(metrics).not.toContain('/definitely/unknown/42');
  });

  it('counts a request whose client left before the answer as 499, once, with the time until it left', async () => {
    const counted = async (status: number) => {
      const metrics = (await request(server).get('/metrics')).text;
      return Number(new RegExp(`http_request_duration_seconds_count\\{app="probe",method="GET",route="/probe/slow",status_code="${status}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    };
    // The client gives up after 300 ms on an answer that takes 2 s.
    await expect(request(server).get('/probe/slow?ms=2000').timeout(300)).rejects.toThrow(/Timeout/);
    await eventually(async () => expect(await counted(499)).toBe(1));
    const metrics = (await request(server).get('/metrics')).text;
    const waited = Number(/http_request_duration_seconds_sum\{app="probe",method="GET",route="\/probe\/slow",status_code="499"\} ([\d.e-]+)/.exec(metrics)?.[1]);
    // Timed until the client left (300 ms after it sent the request), not until the handler ended.
    expect(waited).toBeGreaterThan(0.2);
    expect(waited).toBeLessThan(2);
    // A second request started after the client left ends after the abandoned handler did: by
    // then a late count of the abandoned one would show.
    await request(server).get('/probe/slow?ms=2000').expect(200);
    expect([await counted(499), await counted(200)]).toEqual([1, 1]);
  });

  it('serves Swagger UI and an OpenAPI document declaring bearer auth', async () => {
    const ui = await request(server).get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
    const document = (await request(server).get('/docs-json').expect(200)).body;
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/health']).toBeDefined();
    expect(document.paths['/metrics']).toBeUndefined();
  });

  it('sets security headers', async () => {
    const response = await request(server).get('/health').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('allows only configured CORS origins', async () => {
    const allowed = await request(server).options('/probe/api').set('origin', 'https://app.example.com').set('access-control-request-method', 'GET');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const denied = await request(server).get('/probe/api').set('origin', 'https://evil.example.com');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('compresses large responses', async () => {
    const response = await request(server).get('/probe/big').set('accept-encoding', 'gzip').expect(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.body.items).toHaveLength(500);
  });
});
