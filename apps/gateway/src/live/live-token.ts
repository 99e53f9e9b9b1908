import type { IncomingMessage } from 'node:http';

/** The subprotocol a browser offers with its token: `new WebSocket(url, ['bearer', token])`; the gateway answers `bearer`. */
export const BEARER_PROTOCOL = 'bearer';

const BEARER_HEADER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * The access token a WebSocket handshake offers, in the first of these that is present:
 * `Authorization: Bearer <token>` (non-browser clients, `wscat -H`), the `Sec-WebSocket-Protocol`
 * list `bearer, <token>` (browsers, which cannot set headers on a WebSocket), or the
 * `access_token` query parameter (RFC 6750 §2.3; redacted from every log line, but proxies may
 * log it: prefer the others). Undefined when none is, or the Authorization header is not a bearer.
 */
export function offeredToken(request: IncomingMessage, url: URL): string | undefined {
  const { authorization } = request.headers;
  if (authorization !== undefined) return BEARER_HEADER.exec(authorization)?.[1];
  const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim());
  const bearer = protocols.indexOf(BEARER_PROTOCOL);
  if (bearer >= 0 && protocols[bearer + 1]) return protocols[bearer + 1];
  return url.searchParams.get('access_token') ?? undefined;
}

/** When a verified access token expires (epoch ms); the signature was checked by the verifier already. */
export function tokenExpiry(token: string): number {
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
  return typeof claims.exp === 'number' ? claims.exp * 1000 : 0;
}
