import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@ficus/common';
import type { SessionsRevoked } from '@ficus/contracts/auth';
import { LIVE_CLOSE } from './live-close-codes.js';
import type { LiveClient } from './live-client.js';

/**
 * The live-updates sockets of this gateway instance, by user: an event goes to the sockets of
 * its owner and nobody else's (an event without an owner goes to nobody).
 */
@Injectable()
export class LiveConnections {
  private readonly byUser = new Map<string, Set<LiveClient>>();

  add(client: LiveClient): void {
    const { userId } = client.caller;
    let clients = this.byUser.get(userId);
    if (!clients) {
      clients = new Set();
      this.byUser.set(userId, clients);
    }
    clients.add(client);
  }

  remove(client: LiveClient): void {
    const clients = this.byUser.get(client.caller.userId);
    clients?.delete(client);
    if (clients?.size === 0) this.byUser.delete(client.caller.userId);
  }

  dispatch(event: EventEnvelope): void {
    if (event.ownerId === null) return;
    for (const client of this.byUser.get(event.ownerId) ?? []) client.deliver(event);
  }

  /**
   * Closes (4001) the sockets whose session auth just ended: those named by `sessions.revoked`,
   * or every socket of the user on `user.deleted`. Other events of auth change nothing here.
   * Without this a socket would notice at its next heartbeat's token check.
   */
  endSessions(event: EventEnvelope): void {
    if (event.ownerId === null) return;
    const clients = [...(this.byUser.get(event.ownerId) ?? [])];
    if (event.type === 'user.deleted') {
      for (const client of clients) client.close(LIVE_CLOSE.tokenInvalid);
    } else if (event.type === 'sessions.revoked') {
      const ended = new Set((event.payload as unknown as SessionsRevoked).sessionIds);
      for (const client of clients) if (ended.has(client.caller.sessionId)) client.close(LIVE_CLOSE.tokenInvalid);
    }
  }

  /** Every socket, e.g. to close them all at shutdown. */
  all(): LiveClient[] {
    return [...this.byUser.values()].flatMap((clients) => [...clients]);
  }
}
