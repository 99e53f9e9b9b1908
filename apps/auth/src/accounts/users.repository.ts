import { Injectable } from '@nestjs/common';
import type { EventCause, KeysetPosition } from '@ficus/common';
import { UserEvents } from '../events/user-events.js';
import { AuthPrismaClient } from '../persistence/auth-prisma.client.js';

/** A user row as the auth context works with it (includes the password hash: never leaves the context). */
export interface UserRecord {
  id: string;
  email: string;
  displayName: string | null;
  passwordHash: string;
  /** Bumped when the password changes (not on re-hashing); see SessionsRepository.create. */
  passwordVersion: number;
  roles: string[];
  createdAt: Date;
}

const USER_FIELDS = { id: true, email: true, displayName: true, passwordHash: true, passwordVersion: true, roles: true, createdAt: true } as const;

/** The `users` table. Emails are passed in already normalised. */
@Injectable()
export class UsersRepository {
  constructor(
    private readonly prisma: AuthPrismaClient,
    private readonly events: UserEvents,
  ) {}

  /** Inserts a user and its `user.registered` in one transaction; rejects with Prisma's P2002 when the email is taken. */
  create(user: { email: string; displayName: string | null; passwordHash: string; roles: string[] }, cause: EventCause): Promise<UserRecord> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.user.create({ data: user, select: USER_FIELDS });
      await this.events.registered(tx, created, cause);
      return created;
    });
  }

  /**
   * Deletes the user (its sessions, refresh and reset tokens go with it, by cascade) and writes
   * `user.deleted` in the same transaction. Resolves the ids of sessions still live when it did
   * (opened by a login racing the deletion), which end with it and get their `sessions.revoked`
   * first; null when there was no such user. The row lock makes a racing login wait and then
   * find no user (SessionsRepository.create), so no session is opened after this.
   */
  async delete(id: string, cause: EventCause): Promise<string[] | null> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM users WHERE id = ${id}::uuid FOR UPDATE`;
      if (locked.length === 0) return null;
      const live = await tx.session.findMany({ where: { userId: id, revokedAt: null }, select: { id: true } });
      const sessionIds = live.map((session) => session.id);
      await this.events.sessionsRevoked(tx, id, sessionIds, 'account-deleted', cause);
      await tx.user.delete({ where: { id }, select: { id: true } });
      await this.events.deleted(tx, id, cause);
      return sessionIds;
    });
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.prisma.user.findUnique({ where: { email }, select: USER_FIELDS });
  }

  findById(id: string): Promise<UserRecord | null> {
    return this.prisma.user.findUnique({ where: { id }, select: USER_FIELDS });
  }

  /** Sets a new password (its hash) and bumps the password version, so logins checked against the old one open no session. */
  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.prisma.user.update({ where: { id }, data: { passwordHash, passwordVersion: { increment: 1 } }, select: { id: true } });
  }

  /**
   * Replaces a hash with one of the same password under new parameters, only while `previousHash`
   * is still stored: a password changed meanwhile must not be overwritten by the old one's re-hash.
   */
  async rehash(id: string, previousHash: string, passwordHash: string): Promise<void> {
    await this.prisma.user.updateMany({ where: { id, passwordHash: previousHash }, data: { passwordHash } });
  }

  /** Up to `limit` users, newest first, strictly after `after` (keyset pagination on the index). */
  page(limit: number, after?: KeysetPosition): Promise<UserRecord[]> {
    return this.prisma.user.findMany({
      where: after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : undefined,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: USER_FIELDS,
    });
  }
}
