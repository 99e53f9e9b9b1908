import { Injectable } from '@nestjs/common';
import { AuthPrismaClient } from '../persistence/auth-prisma.client.js';

/** The `password_reset_tokens` table: SHA-256 of each token, single use, one live token per user. */
@Injectable()
export class ResetTokensRepository {
  constructor(private readonly prisma: AuthPrismaClient) {}

  /** Stores a new token for `userId` and deletes the user's older ones: only the newest link works. */
  async replace(userId: string, tokenHash: Uint8Array<ArrayBuffer>, now: Date, expiresAt: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.passwordResetToken.deleteMany({ where: { userId } }),
      this.prisma.passwordResetToken.create({ data: { userId, tokenHash, createdAt: now, expiresAt }, select: { id: true } }),
    ]);
  }

  /**
   * Spends a live token and sets its user's password hash, in one transaction; resolves to the
   * user id, or null when the token is unknown, used, superseded or expired. The claim is one
   * conditional UPDATE, so of two concurrent redemptions only one succeeds.
   */
  async redeem(tokenHash: Uint8Array<ArrayBuffer>, now: Date, passwordHash: string): Promise<string | null> {
    return this.prisma.$transaction(async (tx) => {
      const claimed = await tx.$queryRaw<{ user_id: string }[]>`
        UPDATE password_reset_tokens SET used_at = ${now}
        WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
        RETURNING user_id::text`;
      const userId = claimed[0]?.user_id;
      if (!userId) return null;
      await tx.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } });
      await tx.passwordResetToken.deleteMany({ where: { userId, usedAt: null } });
      return userId;
    });
  }

  /** Voids every outstanding link of `userId` (after a password change). */
  async deleteAllOf(userId: string): Promise<void> {
    await this.prisma.passwordResetToken.deleteMany({ where: { userId } });
  }
}
