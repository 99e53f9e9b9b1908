import request from 'supertest';
import type { Server } from 'node:http';
import { probeApp } from './fixtures/probe.app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PROBLEM = /^application\/problem\+json/;

describe('errors are problem+json, never leaking internals', () => {
  let testApp: TestApp;
  let server: Server;

  beforeAll(async () => {
    testApp = await startTestApp(probeApp, { BODY_LIMIT: '2048' });
    server = testApp.app.getHttpServer();
  });
  afterAll(() => testApp.app.close());

  it('answers an unknown route with a 404 problem document', async () => {
    const response = await request(server).get('/no/such/route?x=1').expect(404);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toEqual({
      type: 'https://ficus.dev/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'Cannot GET /no/such/route?x=1',
      instance: '/no/such/route',
      requestId: response.headers['x-request-id'],
    });
  });

  it('answers a malformed URL with a 400 problem document carrying the request id', async () => {
    const response = await request(server).get('/probe/%E0%A4%A').expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({ type: 'https://ficus.dev/problems/malformed-url', status: 400, requestId: response.headers['x-request-id'] });
    expect(response.text).not.toContain('FST_');
  });

  it('answers malformed JSON with 400', async () => {
    const response = await request(server)
      .post('/probe/echo')
      .set('content-type', 'application/json')
      .send('{"name": "x",')
      .expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({ type: 'https://ficus.dev/problems/malformed-body', status: 400 });
  });

  it('answers a body over the limit with 413', async () => {
    const response = await request(server)
      .post('/probe/echo')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(4096) }))
      .expect(413);
    expect(response.body).toMatchObject({ type: 'https://ficus.dev/problems/payload-too-large', status: 413 });
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await request(server).post('/probe/echo').set('content-type', 'application/xml').send('<a/>').expect(415);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body.status).toBe(415);
  });

  it('lists every offending field with its path', async () => {
    const response = await request(server)
      .post('/probe/echo')
      .send({ name: '', age: -1, address: { street: '' }, tags: ['a', 2], extra: true })
      .expect(400);
    expect(response.body).toMatchObject({ type: 'https://ficus.dev/problems/validation-error', status: 400 });
    const fields = (response.body.errors as { field: string; messages: string[] }[]).map((error) => error.field).toSorted();
    expect(fields).toEqual(['address.street', 'age', 'extra', 'name', 'tags']);
    for (const error of response.body.errors as { messages: string[] }[]) expect(error.messages.length).toBeGreaterThan(0);
  });

  it('refuses NUL characters anywhere in the input with the field paths (PostgreSQL cannot store them)', async () => {
    const body = { name: 'A\u0000n', age: 3, address: { street: 'Ma\u0000in' }, tags: ['ok', 'b\u0000'] };
    const response = await request(server).post('/probe/echo').send(body).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field).toSorted();
    expect(fields).toEqual(['address.street', 'name', 'tags.1']);
  });

  it('accepts a valid body and returns it transformed', async () => {
    const body = { name: 'Ann', age: 3, address: { street: 'Main' }, tags: ['a'] };
    await request(server).post('/probe/echo').send(body).expect(200, body);
  });

  it('hides an unexpected error behind a generic 500 and logs it', async () => {
    const response = await request(server).get('/probe/crash').expect(500);
    expect(response.body).toEqual({
      type: 'https://ficus.dev/problems/internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred.',
      instance: '/probe/crash',
      requestId: response.headers['x-request-id'],
    });
    expect(response.text).not.toMatch(/relation|secret|\.js|at /);
    const logged = testApp.logs.forRequest(response.headers['x-request-id']);
    expect(logged.some((line) => JSON.stringify(line).includes('relation \\"auth\\".\\"users\\"'))).toBe(true);
  });

  it('maps a unique-constraint error to 409 without database details', async () => {
    const response = await request(server).get('/probe/duplicate').expect(409);
    expect(response.body).toMatchObject({ type: 'https://ficus.dev/problems/conflict', status: 409 });
    expect(response.text).not.toMatch(/P2002|email|constraint/i);
  });
});
