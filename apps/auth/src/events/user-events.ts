import { Injectable } from '@nestjs/common';
import { OutboxWriter, type CallContext, type EventCause } from '@ficus/common';
import { AUTH_EVENTS, type AuthEvents as AuthEventPayloads, type SessionsRevokedReason } from '@ficus/contracts/auth';
import type { AuthTransaction } from '../persistence/auth-prisma.client.js';

/** The cause an auth event records: the request that made the change. */
export function eventCause(call: CallContext): EventCause {
  return { requestId: call.requestId };
}

/**
 * Writes the auth context's events (AUTH_EVENTS, documented in the auth contract) into its
 * outbox, inside the transaction of the change each describes: call it after the change itself,
 * with the transaction client of that change. Every event's aggregate is the user.
 */
@Injectable()
export class UserEvents {
  private readonly outbox = new OutboxWriter<AuthEventPayloads>(AUTH_EVENTS);

  async registered(tx: AuthTransaction, user: { id: string; roles: string[]; createdAt: Date }, cause: EventCause): Promise<void> {
    await this.outbox.write(
      tx,
      { type: 'user.registered', aggregateId: user.id, ownerId: user.id, payload: { userId: user.id, roles: user.roles, createdAt: user.createdAt.toISOString() } },
      cause,
    );
  }

  async deleted(tx: AuthTransaction, userId: string, cause: EventCause): Promise<void> {
    await this.outbox.write(tx, { type: 'user.deleted', aggregateId: userId, ownerId: userId, payload: { userId } }, cause);
  }

  /** One `sessions.revoked` for the sessions a change ended; none when it ended none. */
  async sessionsRevoked(tx: AuthTransaction, userId: string, sessionIds: readonly string[], reason: SessionsRevokedReason, cause: EventCause): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.outbox.write(tx, { type: 'sessions.revoked', aggregateId: userId, ownerId: userId, payload: { userId, sessionIds: [...sessionIds], reason } }, cause);
  }
}
