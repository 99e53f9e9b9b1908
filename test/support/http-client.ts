import { randomBytes } from 'node:crypto';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

/** A hex group of four digits without a leading zero, so the address is in its normalised form. */
const group = (): string => (0x1000 + (randomBytes(2).readUInt16BE() % 0xf000)).toString(16);

/**
 * A small JSON client for e2e tests: real HTTP with fetch, bodies parsed when present. Each
 * client is a client machine of its own: it sends `X-Forwarded-For` with an address in a /64 of
 * the IPv6 documentation prefix no other client uses. Behind a trusted proxy (the topologies set
 * TRUST_PROXY=127.0.0.1) everything keyed on the client address — the login throttle, per-IP
 * rate limits — then counts each client apart, although every request comes from 127.0.0.1.
 */
export class HttpClient {
  /** The address this client's requests claim to come from (`X-Forwarded-For`). */
  readonly clientAddress = `2001:db8:${group()}:${group()}::${group()}`;

  constructor(readonly baseUrl: string) {}

  get<T = Record<string, unknown>>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body, options);
  }

  patch<T = Record<string, unknown>>(path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, body, options);
  }

  delete<T = Record<string, unknown>>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, undefined, options);
  }

  async request<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<ApiResponse<T>> {
    if (body === undefined) return this.send<T>(method, path, undefined, options);
    return this.send<T>(method, path, { type: 'application/json', content: JSON.stringify(body) }, options);
  }

  /**
   * Sends `body` exactly as given, bytes or text, with its content type: what an HTML form or a
   * broken client sends.
   */
  async send<T>(method: string, path: string, body: { type: string; content: string | Uint8Array } | undefined, { token, headers = {} }: RequestOptions = {}): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'x-forwarded-for': this.clientAddress,
        ...(body === undefined ? {} : { 'content-type': body.type }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body?.content,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
