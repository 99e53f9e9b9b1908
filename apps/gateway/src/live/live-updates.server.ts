import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  AppConfig,
  EventBus,
  mapToProblem,
  PROBLEM_CONTENT_TYPE,
  problemType,
  ReadinessRegistry,
  resolveRequestId,
  statusTitle,
  type CallerIdentity,
  type EventEnvelope,
  type EventWatch,
  type ProblemDetails,
  type ReplayLimits,
} from '@ficus/common';
import { AUTH_EVENTS } from '@ficus/contracts/auth';
import { TODOS_EVENTS } from '@ficus/contracts/todos';
import { AccessTokenVerifier } from '../authn/access-token.verifier.js';
import { unauthenticated } from '../authn/unauthenticated.js';
import { LiveClient } from './live-client.js';
import { LIVE_GOING_AWAY_BOUND_MS, LIVE_MAX_CLIENT_MESSAGE_BYTES } from './live-close-codes.js';
import { LiveConnections } from './live-connections.js';
import { LiveMetrics } from './live-metrics.js';
import { BEARER_PROTOCOL, offeredToken, tokenExpiry } from './live-token.js';

/** The live-updates endpoint. */
export const LIVE_PATH = '/ws';

/** What a resume may read from the stream (all users' events since the id's time) before giving up. */
export const LIVE_REPLAY_LIMITS: ReplayLimits = { maxScanned: 10_000, timeoutMs: 5000 };

/**
 * `GET /ws`: a plain WebSocket (JSON messages) on the gateway's own HTTP server, authenticated
 * by the access token during the handshake (401/503 problem documents before any upgrade), over
 * which a client receives its own user's todo events as they are published. The events come
 * from a watch of this instance's own (EventBus.watch): in-process, or an ordered JetStream
 * consumer per gateway instance, so every instance sees every event whichever instance or app
 * made the change.
 *
 * At shutdown, handshakes are refused (503) from the moment the gateway drains, and the open
 * sockets are closed (1001) as the HTTP server starts closing (Fastify's `preClose`): Node's
 * server close waits for every socket, upgraded ones included, so they must be gone by then.
 *
 * Upgrades never reach Fastify, so its request-line logger never sees `/ws` handshakes: this
 * class logs them itself, without the query string (where an `access_token` may be).
 */
@Injectable()
export class LiveUpdatesServer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveUpdates');
  private readonly sockets = new WebSocketServer({
    noServer: true,
    maxPayload: LIVE_MAX_CLIENT_MESSAGE_BYTES,
    // The token is never echoed: a browser that offered `bearer, <token>` gets `bearer`.
    handleProtocols: (protocols) => (protocols.has(BEARER_PROTOCOL) ? BEARER_PROTOCOL : false),
  });
  private server?: Server;
  private watch?: EventWatch;
  /** Auth's events: sockets of sessions that ended close at once (sessions.revoked, user.deleted). */
  private sessionWatch?: EventWatch;
  /** Set once the sockets were told to go: handshakes that were still being checked are refused too. */
  private stopping = false;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.upgrade(request, socket, head).catch((error: unknown) => {
      this.logger.error({ err: error }, `WebSocket ${LIVE_PATH} handshake failed`);
      socket.destroy();
    });
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: AccessTokenVerifier,
    private readonly config: AppConfig,
    private readonly bus: EventBus,
    private readonly connections: LiveConnections,
    private readonly metrics: LiveMetrics,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.watch = this.bus.watch(TODOS_EVENTS, (event) => this.connections.dispatch(event));
    this.sessionWatch = this.bus.watch(AUTH_EVENTS, (event) => this.connections.endSessions(event));
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
    // Before the server closes (after the drain delay), not at module destruction, which comes after it.
    this.adapterHost.httpAdapter.getInstance<FastifyInstance>().addHook('preClose', async () => this.goAway());
  }

  async onModuleDestroy(): Promise<void> {
    this.server?.off('upgrade', this.onUpgrade);
    // Already done at the server's close; here for an app closed without it (tests).
    await this.goAway();
    await Promise.all([this.watch?.stop(), this.sessionWatch?.stop()]);
    await new Promise<void>((done) => this.sockets.close(() => done()));
  }

  /** Closes every socket with 1001, each cut off if it does not answer within the bound. */
  private async goAway(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.connections.all().map((client) => client.goAway(LIVE_GOING_AWAY_BOUND_MS)));
  }

  private get draining(): boolean {
    return this.stopping || this.readiness.isDraining;
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const requestId = resolveRequestId(request);
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (url.pathname !== LIVE_PATH) {
      refuse(socket, requestId, { type: problemType('not-found'), title: statusTitle(404), status: 404, detail: `No WebSocket endpoint at ${url.pathname}.` });
      return;
    }
    if (this.draining) {
      refuse(socket, requestId, SHUTTING_DOWN);
      return;
    }
    const token = offeredToken(request, url);
    let caller: CallerIdentity;
    try {
      if (token === undefined) throw unauthenticated('Send the access token: Authorization: Bearer, the subprotocols "bearer, <token>", or ?access_token=.');
      caller = await this.verifier.verify(token, requestId);
    } catch (error) {
      const { problem, headers } = mapToProblem(error);
      this.logger.log({ requestId, status: problem.status }, `WebSocket ${LIVE_PATH} refused`);
      refuse(socket, requestId, problem, headers);
      return;
    }
    // The token check took a while: the sockets may have been told to go meanwhile.
    if (this.stopping) {
      refuse(socket, requestId, SHUTTING_DOWN);
      return;
    }
    this.sockets.handleUpgrade(request, socket, head, (ws: WebSocket) => void this.open(ws, caller, token, requestId, url.searchParams.get('last_event_id')));
  }

  /**
   * Registers the socket; with `lastEventId` (a resume), first sends what the user missed since
   * that event, from the stream, holding live events meanwhile (`resumed: false` when it cannot).
   */
  private async open(ws: WebSocket, caller: CallerIdentity, token: string, requestId: string, lastEventId: string | null): Promise<void> {
    this.logger.log({ requestId, userId: caller.userId, resume: lastEventId !== null }, 'Live updates socket opened');
    const client = new LiveClient(ws, caller, {
      heartbeatMs: this.config.LIVE_HEARTBEAT_MS,
      maxBufferedBytes: this.config.LIVE_MAX_BUFFERED_BYTES,
      expiresAt: tokenExpiry(token),
      recheck: () => this.verifier.verify(token, requestId),
      onClose: (closed, code) => {
        this.connections.remove(closed);
        this.metrics.closed(code);
      },
    });
    this.metrics.opened();
    if (lastEventId !== null) client.catchUp();
    this.connections.add(client);
    if (lastEventId === null) {
      client.ready(false);
      return;
    }
    const mine = (event: EventEnvelope) => event.ownerId === caller.userId;
    const missed = await this.bus.replay(TODOS_EVENTS, lastEventId, mine, LIVE_REPLAY_LIMITS).catch((error: unknown) => {
      this.logger.warn({ requestId, err: error }, 'Live updates resume failed; the client refetches');
      return undefined;
    });
    client.ready(missed !== undefined, missed);
  }
}

/** The answer to a handshake while the gateway drains: another instance (or this one, restarted) takes it. */
const SHUTTING_DOWN: ProblemDetails = {
  type: problemType('service-unavailable'),
  title: statusTitle(503),
  status: 503,
  detail: 'The gateway is shutting down; connect again.',
};

/** Answers a handshake with a problem document instead of the upgrade, and ends the connection. */
function refuse(socket: Duplex, requestId: string, problem: ProblemDetails, headers: Record<string, string> = {}): void {
  const { status } = problem;
  const body = JSON.stringify({ ...problem, instance: LIVE_PATH, requestId });
  const lines = [
    `HTTP/1.1 ${status} ${statusTitle(status)}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    `x-request-id: ${requestId}`,
    ...(status === 401 && !headers['www-authenticate'] ? ['WWW-Authenticate: Bearer'] : []),
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
