import { Injectable } from '@nestjs/common';
import { AuthPrismaClient } from '../persistence/auth-prisma.client.js';

/** The `password_reset_tokens` table: SHA-256 of each token, single use, one live token per user. */
@Injectable()
export class ResetTokensRepository {
  constructor(private readonly prisma: AuthPrismaClient) {}

  /**
   * Stores a new token for `userId` and deletes the user's older ones: only the newest link works.
   * Locking the user row first serialises concurrent requests; without it each would delete
   * nothing the other had committed yet and both links would stay live.
   */
  async replace(userId: string, tokenHash: Uint8Array<ArrayBuffer>, now: Date, expiresAt: Date): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id::text FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
      await tx.passwordResetToken.deleteMany({ where: { userId } });
      await tx.passwordResetToken.create({ data: { userId, tokenHash, createdAt: now, expiresAt }, select: { id: true } });
    });
  }

  /** The user a live (unused, unexpired) token belongs to, or null; spends nothing. */
  async ownerOfLive(tokenHash: Uint8Array<ArrayBuffer>, now: Date): Promise<string | null> {
    const token = await this.prisma.passwordResetToken.findFirst({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, select: { userId: true } });
    return token?.userId ?? null;
  }

  /**
   * Spends a live token of `userId` (see `ownerOfLive`) and sets the user's password (bumping the
   * password version), in one transaction; resolves false when the token is no longer live (used,
   * superseded or expired meanwhile). The claim is one conditional UPDATE, so of two concurrent
   * redemptions only one succeeds. The user row is locked before the token, in the same order as
   * `replace`, so a reset racing a new link cannot deadlock.
   */
  async redeem(tokenHash: Uint8Array<ArrayBuffer>, userId: string, now: Date, passwordHash: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id::text FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
      const claimed = await tx.$executeRaw`
        UPDATE password_reset_tokens SET used_at = ${now}
        WHERE token_hash = ${tokenHash} AND user_id = ${userId}::uuid AND used_at IS NULL AND expires_at > ${now}`;
      if (claimed !== 1) return false;
      await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordVersion: { increment: 1 } }, select: { id: true } });
      await tx.passwordResetToken.deleteMany({ where: { userId, usedAt: null } });
      return true;
    });
  }

  /** Voids every outstanding link of `userId` (after a password change). */
  async deleteAllOf(userId: string): Promise<void> {
    await this.prisma.passwordResetToken.deleteMany({ where: { userId } });
  }
}
