import { WebSocket, type ClientOptions } from 'ws';
import { eventually } from './eventually.js';

/** A message the gateway sent on `/ws`: `ready`, or an event envelope. */
export interface LiveMessage {
  type: string;
  id?: string;
  aggregateId?: string;
  ownerId?: string | null;
  requestId?: string | null;
  payload?: Record<string, unknown>;
  [key: string]: unknown;
}

/** How a live socket ended: the close code and reason the client saw (1006: dropped without a close frame). */
export interface LiveClose {
  code: number;
  reason: string;
}

/**
 * A real WebSocket client of the gateway's `/ws`, recording every message and how the socket
 * closed. `opened` resolves on the gateway's `ready` message (the socket is registered then), or
 * rejects with the HTTP status of a refused handshake.
 */
export class LiveSocket {
  readonly messages: LiveMessage[] = [];
  readonly socket: WebSocket;
  readonly opened: Promise<LiveMessage>;
  readonly closed: Promise<LiveClose>;

  constructor(url: string, protocols: string[] = [], options: ClientOptions = {}) {
    this.socket = new WebSocket(url, protocols, options);
    this.socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as LiveMessage));
    this.opened = new Promise((resolve, reject) => {
      this.socket.on('unexpected-response', (_request, response) =>
        reject(Object.assign(new Error(`handshake refused: ${response.statusCode}`), { status: response.statusCode, headers: response.headers })),
      );
      this.socket.on('error', reject);
      void eventually(() => {
        const ready = this.messages.find((message) => message.type === 'ready');
        if (!ready) throw new Error('no ready message yet');
        return ready;
      }, { timeoutMs: 10_000 }).then(resolve, reject);
    });
    this.closed = new Promise((resolve) => this.socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    // A refused handshake also closes; nobody need wait for `opened` then.
    this.opened.catch(() => undefined);
  }

  /** A socket of the gateway at `baseUrl` (http://…) with the access token as a query parameter. */
  static withQueryToken(baseUrl: string, token: string, options: ClientOptions = {}, lastEventId?: string): LiveSocket {
    const resume = lastEventId === undefined ? '' : `&last_event_id=${encodeURIComponent(lastEventId)}`;
    return new LiveSocket(`${baseUrl.replace(/^http/, 'ws')}/ws?access_token=${encodeURIComponent(token)}${resume}`, [], options);
  }

  /** Events received (not `ready`). */
  events(): LiveMessage[] {
    return this.messages.filter((message) => message.type !== 'ready');
  }

  /** Waits until an event matching `predicate` arrived, and returns it. */
  async next(predicate: (message: LiveMessage) => boolean, timeoutMs = 10_000): Promise<LiveMessage> {
    return eventually(() => {
      const found = this.events().find(predicate);
      if (!found) throw new Error(`no matching event among ${this.events().length} received`);
      return found;
    }, { timeoutMs });
  }

  close(): void {
    this.socket.terminate();
  }
}
