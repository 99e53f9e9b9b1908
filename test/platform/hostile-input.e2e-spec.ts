import request from 'supertest';
import type { Server } from 'node:http';
import { probeApp } from './fixtures/probe.app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PROBLEM = /^application\/problem\+json; charset=utf-8$/;
const VALID = { name: 'Ann', age: 3, address: { street: 'Main' }, tags: ['a'] };

/** `levels` arrays nested in each other around `inner`, as JSON text. */
const nested = (levels: number, inner = '1') => `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((error) => error.field).toSorted();

describe('hostile input is refused with a 4xx naming the field, never a 500', () => {
  let testApp: TestApp;
  let server: Server;

  beforeAll(async () => {
    testApp = await startTestApp(probeApp, {}, { listen: true });
    server = testApp.app.getHttpServer();
  });
  afterAll(() => testApp.app.close());

  /** Posts exactly these bytes (supertest would JSON-encode a Buffer). */
  const postJson = async (body: string | Buffer) => {
    const response = await fetch(`${testApp.url}/probe/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: (await response.json()) as Record<string, unknown> & { errors?: { field: string }[] } };
  };
  const errorLines = (requestId: string) => testApp.logs.forRequest(requestId).filter((line) => Number(line.level) >= 50);

  describe('deep nesting', () => {
    it.each([[1_500], [100_000]])('answers a body nesting %i arrays with 400 naming the field, and logs no error', async (levels) => {
      const response = await postJson(`{"name": ${nested(levels)}, "age": 3}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: 'https://ficus.dev/problems/validation-error', status: 400 });
      const field = `name${'.0'.repeat(31)}`;
      expect(response.body.errors).toEqual([{ field, messages: [`${field} must not nest deeper than 32 levels`] }]);
      expect(errorLines(response.headers['x-request-id'])).toEqual([]);
    });

    it('refuses a deeply nested body on a route whose body is an array at the top', async () => {
      const response = await postJson(nested(5_000));
      expect(response.status).toBe(400);
      const field = `0${'.0'.repeat(31)}`;
      expect(response.body.errors).toEqual([{ field, messages: [`${field} must not nest deeper than 32 levels`] }]);
    });
  });

  describe('text that would be stored altered', () => {
    it('refuses lone surrogates, naming every field that holds one', async () => {
      const body = JSON.stringify({ ...VALID, name: 'x\ud800y', address: { street: '\udc00' }, tags: ['ok', 'a\ud83d'] });
      const response = await postJson(body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(response.body)).toEqual(['address.street', 'name', 'tags.1']);
      expect(response.body.errors).toContainEqual({ field: 'name', messages: ['name must be valid Unicode text (it holds a lone surrogate)'] });
    });

    it('lists lone surrogates with every other offending field in one answer', async () => {
      const response = await postJson(JSON.stringify({ ...VALID, name: '\ud800', age: -1 }));
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual(['age', 'name']);
    });

    it('keeps paired surrogates (emoji) as they are', async () => {
      const body = { ...VALID, name: 'plant 🌿' };
      expect(await postJson(JSON.stringify(body))).toMatchObject({ status: 200, body });
    });

    it('refuses a body that is not valid UTF-8, naming the fields that hold the invalid bytes', async () => {
      const body = Buffer.concat([Buffer.from('{"name": "x'), Buffer.from([0xff]), Buffer.from('y", "age": 3, "address": {"street": "M'), Buffer.from([0xc3, 0x28]), Buffer.from('"}, "tags": ["a"]}')]);
      const response = await postJson(body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: 'https://ficus.dev/problems/validation-error', detail: 'The request body is not valid UTF-8.' });
      expect(response.body.errors).toEqual([
        { field: 'name', messages: ['name must be valid UTF-8'] },
        { field: 'address.street', messages: ['address.street must be valid UTF-8'] },
      ]);
    });

    it('refuses UTF-8-encoded surrogates (CESU-8) as invalid UTF-8', async () => {
      const body = Buffer.concat([Buffer.from('{"age": 3, "address": {"street": "M"}, "tags": [], "name": "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
      const response = await postJson(body);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'name', messages: ['name must be valid UTF-8'] }]);
    });

    it('keeps a U+FFFD the client sent on purpose', async () => {
      const body = { ...VALID, name: 'x\ufffdy' };
      expect(await postJson(JSON.stringify(body))).toMatchObject({ status: 200, body });
    });
  });

  describe('request bodies other than JSON', () => {
    it.each([
      ['application/x-www-form-urlencoded', 'name=Ann&age=3'],
      ['text/plain', JSON.stringify(VALID)],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nAnn\r\n--x--\r\n'],
    ])('answers %s with 415 naming application/json', async (type, body) => {
      const response = await request(server).post('/probe/echo').set('content-type', type).send(body).expect(415);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: 'https://ficus.dev/problems/unsupported-media-type', status: 415, detail: 'This endpoint accepts application/json request bodies.' });
    });

    it('takes JSON with a charset parameter', async () => {
      await request(server).post('/probe/echo').set('content-type', 'application/json; charset=utf-8').send(JSON.stringify(VALID)).expect(200, VALID);
    });
  });

  describe('path parameters', () => {
    it('names the parameter, not "value", when it holds a NUL character', async () => {
      const response = await request(server).get('/probe/items/a%00b').expect(400);
      expect(fieldsOf(response.body)).toEqual(['id']);
    });

    it('hands a parameter of any length to the route, so its own check answers', async () => {
      const long = 'a'.repeat(5_000);
      const response = await request(server).get(`/probe/items/${long}`).expect(200);
      expect(response.body).toEqual({ id: long });
    });
  });
});
