import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDetails } from '../errors/problem-details.js';
import { REQUEST_ID_HEADER } from '../logging/request-id.js';
import { securityHeaders } from './security-headers.js';

/** What a connection-level failure of Node's parser becomes, by its code (else 400). */
const CLIENT_ERRORS: Record<string, { status: number; slug: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, slug: 'request-header-fields-too-large', detail: 'The request headers are larger than this server accepts.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, slug: 'request-timeout', detail: 'The request did not arrive in time.' },
};
const MALFORMED = { status: 400, slug: 'malformed-request', detail: 'The request is not valid HTTP/1.1.' };
/** How long a client may take to close its side after the answer before the socket is destroyed. */
const CLOSE_GRACE_MS = 1000;

type ClientSocket = Socket & { _httpMessage?: { headersSent?: boolean } };

/**
 * Answers a request Node's HTTP parser refused — a bad byte in a header, headers too large, a
 * bad chunk size, Content-Length with Transfer-Encoding — as every other failure is answered:
 * an RFC 9457 problem document with a request id (a fresh one: nothing the client sent can be
 * trusted) and the security headers, then the connection is closed, since the parser cannot
 * find where the next request would start. One warning per refusal, like a 4xx request line.
 * Fastify's `clientErrorHandler`; it replaces Fastify's `{"error": …}` JSON.
 */
export function clientErrorHandler(): (error: Error & { code?: string }, socket: Socket) => void {
  const logger = new Logger('HttpParser');
  const security = Object.entries(securityHeaders())
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (error, socket: ClientSocket) => {
    // A reset connection, or one already answering a request: nothing may be written to it.
    if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable || socket._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, slug, detail } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
    const requestId = randomUUID();
    const title = STATUS_CODES[status] ?? 'Bad Request';
    const problem: ProblemDetails = { type: problemType(slug), title, status, detail, requestId };
    const body = JSON.stringify(problem);
    logger.warn({ requestId, status, code: error.code, reason: error.message }, 'Request refused by the HTTP parser');
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `${REQUEST_ID_HEADER}: ${requestId}\r\nconnection: close\r\n${security}\r\n${body}`,
    );
    // Ended, not destroyed: unread bytes of the bad request would turn a close into a reset that
    // can discard the answer. A client that never closes its side is cut off shortly after.
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  };
}
