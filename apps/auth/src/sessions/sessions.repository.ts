import { Injectable } from '@nestjs/common';
import type { EventCause } from '@ficus/common';
import type { SessionsRevokedReason } from '@ficus/contracts/auth';
import { UserEvents } from '../events/user-events.js';
import { AuthPrismaClient } from '../persistence/auth-prisma.client.js';

/** A new session's timing and its first refresh token. */
export interface NewSession {
  userId: string;
  /** The password version the login checked (users.password_version). */
  passwordVersion: number;
  now: Date;
  expiresAt: Date;
  refreshTokenHash: Uint8Array<ArrayBuffer>;
  refreshTokenExpiresAt: Date;
}

/** A presented refresh token with its session and the session owner's current roles. */
export interface PresentedRefreshToken {
  id: string;
  expiresAt: Date;
  usedAt: Date | null;
  session: { id: string; userId: string; expiresAt: Date; revokedAt: Date | null; roles: string[] };
}

/** Sessions and their refresh-token families (tables `sessions`, `refresh_tokens`). */
@Injectable()
export class SessionsRepository {
  constructor(
    private readonly prisma: AuthPrismaClient,
    private readonly events: UserEvents,
  ) {}

  /**
   * Creates a session with its first refresh token; resolves to the session id, or null when
   * the password changed since the login checked it. The check share-locks the user row until
   * the session is committed, so a concurrent password change (which updates that row) either
   * waits and then ends this session with the others, or commits first and this finds a newer
   * version: no session opened with an old password outlives the change.
   */
  async create(session: NewSession): Promise<string | null> {
    return this.prisma.$transaction(async (tx) => {
      const current = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM users WHERE id = ${session.userId}::uuid AND password_version = ${session.passwordVersion} FOR SHARE`;
      if (current.length === 0) return null;
      const created = await tx.session.create({
        data: {
          userId: session.userId,
          createdAt: session.now,
          expiresAt: session.expiresAt,
          idleExpiresAt: session.refreshTokenExpiresAt,
          refreshTokens: { create: { tokenHash: session.refreshTokenHash, createdAt: session.now, expiresAt: session.refreshTokenExpiresAt } },
        },
        select: { id: true },
      });
      return created.id;
    });
  }

  async findRefreshToken(tokenHash: Uint8Array<ArrayBuffer>): Promise<PresentedRefreshToken | null> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash },
      select: {
        id: true,
        expiresAt: true,
        usedAt: true,
        session: { select: { id: true, userId: true, expiresAt: true, revokedAt: true, user: { select: { roles: true } } } },
      },
    });
    if (!row) return null;
    const { user, ...session } = row.session;
    return { id: row.id, expiresAt: row.expiresAt, usedAt: row.usedAt, session: { ...session, roles: user.roles } };
  }

  /**
   * Marks the token used and adds its successor, atomically. The claim is one conditional
   * UPDATE (`… WHERE id = $1 AND used_at IS NULL` on a live session): of concurrent rotations
   * of the same token, Postgres lets exactly one match — the others wait for its row lock, then
   * re-check `used_at` and match nothing. Resolves false for those losers.
   */
  async rotate(tokenId: string, sessionId: string, now: Date, successorHash: Uint8Array<ArrayBuffer>, successorExpiresAt: Date): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      // Raw SQL so the claim is guaranteed to be this single statement, whatever the ORM would plan.
      const claimed = await tx.$executeRaw`
        UPDATE refresh_tokens SET used_at = ${now}
        WHERE id = ${tokenId}::uuid AND used_at IS NULL
          AND EXISTS (SELECT 1 FROM sessions WHERE sessions.id = refresh_tokens.session_id AND sessions.revoked_at IS NULL)`;
      if (claimed !== 1) return false;
      await tx.refreshToken.create({ data: { sessionId, tokenHash: successorHash, createdAt: now, expiresAt: successorExpiresAt } });
      await tx.session.update({ where: { id: sessionId }, data: { idleExpiresAt: successorExpiresAt } });
      return true;
    });
  }

  /**
   * Ends one session of `userId` unless already ended, with its `sessions.revoked` in the same
   * transaction; resolves whether this call ended it (a repeat writes no second event).
   */
  async revoke(sessionId: string, userId: string, now: Date, reason: SessionsRevokedReason, cause: EventCause): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.session.updateMany({
        where: { id: sessionId, userId, revokedAt: null },
        data: { revokedAt: now, revokedReason: reason },
      });
      if (count === 1) await this.events.sessionsRevoked(tx, userId, [sessionId], reason, cause);
      return count === 1;
    });
  }

  /**
   * Ends every session of `userId` not yet ended, except `exceptSessionId`, with one
   * `sessions.revoked` naming them in the same transaction; resolves to their ids.
   */
  async revokeAllOf(userId: string, now: Date, reason: SessionsRevokedReason, cause: EventCause, exceptSessionId?: string): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const revoked = await tx.session.updateManyAndReturn({
        where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
        data: { revokedAt: now, revokedReason: reason },
        select: { id: true },
      });
      const ids = revoked.map((session) => session.id);
      await this.events.sessionsRevoked(tx, userId, ids, reason, cause);
      return ids;
    });
  }

  /** Ids of the sessions of `userId` ended at or after `since`, except `exceptSessionId`. */
  async endedSince(userId: string, since: Date, exceptSessionId?: string): Promise<string[]> {
    const ended = await this.prisma.session.findMany({
      where: { userId, revokedAt: { gte: since }, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
      select: { id: true },
    });
    return ended.map((session) => session.id);
  }
}
