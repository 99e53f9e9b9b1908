import { Logger } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { ProblemException, type CallerIdentity, type EventEnvelope } from '@ficus/common';
import { LIVE_CLOSE } from './live-close-codes.js';

/** What a live client needs from the gateway: its settings, and the session check it repeats. */
export interface LiveClientOptions {
  heartbeatMs: number;
  maxBufferedBytes: number;
  /** Resolves while the token is still good; rejects with the verifier's problem otherwise. */
  recheck(): Promise<unknown>;
  /** When the access token expires (epoch ms). */
  expiresAt: number;
  onClose(client: LiveClient, code: number): void;
}

/** setTimeout's longest delay; a token valid for longer is checked again at each heartbeat anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One authenticated live-updates WebSocket: sends its user's events as JSON, pings every
 * `heartbeatMs` (a peer that did not answer the last ping is dropped), checks the token again at
 * each ping and closes when it expires or its session ended, and closes a client that lets more
 * than `maxBufferedBytes` pile up unread rather than holding them.
 */
export class LiveClient {
  private readonly logger = new Logger('LiveUpdates');
  private alive = true;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly expiry: NodeJS.Timeout;
  /** Events held while a resume is replayed (see catchUp), and their size. */
  private pending?: EventEnvelope[];
  private pendingBytes = 0;

  constructor(
    private readonly socket: WebSocket,
    readonly caller: CallerIdentity,
    private readonly options: LiveClientOptions,
  ) {
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', (code) => {
      clearInterval(this.heartbeat);
      clearTimeout(this.expiry);
      this.logger.log({ userId: caller.userId, code }, 'Live updates socket closed');
      options.onClose(this, code);
    });
    // A client has nothing to say; its messages are read (so pings and closes work) and dropped.
    socket.on('error', () => socket.terminate());
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs);
    this.expiry = setTimeout(() => this.close(LIVE_CLOSE.tokenInvalid), Math.min(MAX_TIMER_MS, Math.max(0, options.expiresAt - Date.now())));
  }

  /** Holds live events from now until `ready`, while what the client missed is read (a resume). */
  catchUp(): void {
    this.pending = [];
  }

  /**
   * Tells the client it is registered (`ready`, `resumed` when `replayed` is what it missed),
   * sends the replayed events, then the live ones held meanwhile that the replay did not have.
   */
  ready(resumed: boolean, replayed: readonly EventEnvelope[] = []): void {
    this.send({ type: 'ready', userId: this.caller.userId, heartbeatMs: this.options.heartbeatMs, resumed });
    const held = this.pending ?? [];
    this.pending = undefined;
    const sent = new Set(replayed.map((event) => event.id));
    for (const next of [...replayed, ...held.filter((event) => !sent.has(event.id))]) this.deliver(next);
  }

  /** Sends the event (its trace context stays inside): the envelope as the contract documents it. */
  deliver(event: EventEnvelope): void {
    if (this.pending) {
      this.hold(event);
      return;
    }
    const { traceparent: _traceparent, tracestate: _tracestate, ...visible } = event;
    this.send(visible);
  }

  close(reason: { code: number; reason: string }): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(reason.code, reason.reason);
  }

  /**
   * Closes with 1001 (the gateway is stopping) and resolves once the socket is closed. A peer that
   * has not answered the close frame within `boundMs` is cut off: ws alone would wait 30 s for it,
   * and the HTTP server cannot close while the socket is open.
   */
  async goAway(boundMs: number): Promise<void> {
    if (this.socket.readyState === this.socket.CLOSED) return;
    const closed = new Promise<void>((done) => this.socket.once('close', () => done()));
    this.close(LIVE_CLOSE.goingAway);
    const cutOff = setTimeout(() => this.socket.terminate(), boundMs);
    await closed;
    clearTimeout(cutOff);
  }

  /** Held events count against the same bound as unsent ones. */
  private hold(event: EventEnvelope): void {
    this.pendingBytes += Buffer.byteLength(JSON.stringify(event));
    if (this.pendingBytes > this.options.maxBufferedBytes) {
      this.pending = [];
      this.close(LIVE_CLOSE.tooSlow);
      return;
    }
    this.pending?.push(event);
  }

  private send(message: object): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const data = JSON.stringify(message);
    // What the socket could not write yet stays in this process: beyond the bound, the client goes.
    if (this.socket.bufferedAmount + Buffer.byteLength(data) > this.options.maxBufferedBytes) {
      this.logger.warn({ userId: this.caller.userId, bufferedBytes: this.socket.bufferedAmount }, 'Live updates client too slow: closing its socket');
      this.close(LIVE_CLOSE.tooSlow);
      return;
    }
    this.socket.send(data);
  }

  private async beat(): Promise<void> {
    if (!this.alive) {
      this.logger.log({ userId: this.caller.userId }, 'Live updates client did not answer the last ping: dropping it');
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
    try {
      await this.options.recheck();
    } catch (error) {
      const status = error instanceof ProblemException ? error.getStatus() : 500;
      this.close(status === 401 ? LIVE_CLOSE.tokenInvalid : LIVE_CLOSE.tryAgainLater);
    }
  }
}
