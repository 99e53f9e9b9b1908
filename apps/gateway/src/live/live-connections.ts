import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@ficus/common';
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

  /** Every socket, e.g. to close them all at shutdown. */
  all(): LiveClient[] {
    return [...this.byUser.values()].flatMap((clients) => [...clients]);
  }
}
