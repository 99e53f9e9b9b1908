import { connect } from 'node:net';
import { probeApp } from './fixtures/probe.app.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection after answering. */
  closed: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Writes raw bytes to the server and reads until it closes the connection: HTTP clients refuse
 * to send what Node's parser rejects, so these requests are written by hand.
 */
function exchange(url: string, request: string | Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), closed: true });
    });
  });
}

describe("requests Node's HTTP parser refuses get problem documents too", () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp(probeApp, {}, { listen: true });
  });
  afterAll(() => testApp.app.close());

  it.each([
    ['a header holding byte 0x7F', 'GET /health HTTP/1.1\r\nHost: a\r\nX-Odd: a\u007fb\r\n\r\n', 400, 'malformed-request'],
    ['a 20 KiB header', `GET /health HTTP/1.1\r\nHost: a\r\nX-Big: ${'x'.repeat(20 * 1024)}\r\n\r\n`, 431, 'request-header-fields-too-large'],
    ['a bad chunk size', 'POST /probe/echo HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 400, 'malformed-request'],
    ['Content-Length with Transfer-Encoding', 'POST /probe/echo HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n', 400, 'malformed-request'],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400, 'malformed-request'],
  ])('%s: a problem document with a fresh request id, closing the connection', async (_case, request, status, slug) => {
    const answer = await exchange(testApp.url, request);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(answer.headers.connection).toBe('close');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
    const requestId = answer.headers['x-request-id'];
    expect(requestId).toMatch(UUID);
    expect(JSON.parse(answer.body)).toEqual({
      type: `https://ficus.dev/problems/${slug}`,
      title: status === 431 ? 'Request Header Fields Too Large' : 'Bad Request',
      status,
      detail: expect.any(String),
      requestId,
    });
    // One line per refused request, like every other answer, findable by its id.
    await eventually(() => expect(testApp.logs.forRequest(requestId)).toEqual([expect.objectContaining({ level: 40, status, code: expect.stringMatching(/^HPE_/) })]));
  });

  it('never trusts the client id of a request it could not parse', async () => {
    const answer = await exchange(testApp.url, 'GET /health HTTP/1.1\r\nHost: a\r\nX-Request-Id: mine-1\r\nX-Odd: a\u007fb\r\n\r\n');
    expect(answer.headers['x-request-id']).toMatch(UUID);
  });

  it('drops the connection of a client that keeps its side open after the answer', async () => {
    const { hostname, port } = new URL(testApp.url);
    const socket = connect({ host: hostname, port: Number(port), allowHalfOpen: true });
    socket.on('error', () => undefined);
    let answered = false;
    socket.on('data', () => (answered = true));
    socket.write('GET /health HTTP/1.1\r\nHost: a\r\nX-Odd: a\u007fb\r\n\r\n');
    await eventually(() => expect(answered).toBe(true));
    const server = testApp.app.getHttpServer();
    const openConnections = () => new Promise<number>((done, fail) => server.getConnections((error, count) => (error ? fail(error) : done(count))));
    try {
      await eventually(async () => expect(await openConnections()).toBe(0), { timeoutMs: 5000 });
    } finally {
      socket.destroy();
    }
  });

  it('still serves the next connection', async () => {
    const answer = await exchange(testApp.url, 'GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
  });
});
