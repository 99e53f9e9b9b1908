import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig, PeriodicTask } from '@ficus/common';
import { PinoLogger } from 'nestjs-pino';
import { AuthClock } from '../auth.clock.js';
import { AuthPrismaClient } from '../persistence/auth-prisma.client.js';
import { revocationWindowMs } from '../sessions/revocation-window.js';

/** Rows one purge deleted, per table. */
export interface PurgedRows {
  sessions: number;
  refreshTokens: number;
  resetTokens: number;
}

/**
 * Deletes what can no longer be used, every AUTH_CLEANUP_INTERVAL_S: expired refresh tokens
 * (used or not: an expired token is refused before reuse is even considered), sessions past
 * their absolute or idle end (their tokens go with them), and used or expired reset tokens.
 * A revoked session stays until that end, so a replay of one of its used refresh tokens is still
 * recognised and logged as reuse — and at least for the revocation window, because a retry of
 * a logout that could not reach the revocation store finds the sessions to announce by their
 * revocation time. Idempotent, so several instances may run it at once.
 */
@Injectable()
export class ExpiredRowsCleanup implements OnModuleInit, OnModuleDestroy {
  private readonly task: PeriodicTask;

  constructor(
    private readonly prisma: AuthPrismaClient,
    private readonly clock: AuthClock,
    private readonly logger: PinoLogger,
    private readonly config: AppConfig,
  ) {
    logger.setContext(ExpiredRowsCleanup.name);
    this.task = new PeriodicTask(
      async () => {
        const purged = await this.purgeExpired();
        if (purged.sessions + purged.refreshTokens + purged.resetTokens > 0) this.logger.info({ purged }, 'Deleted expired auth rows');
      },
      config.AUTH_CLEANUP_INTERVAL_S * 1000,
      (error) => this.logger.error({ err: error }, 'Deleting expired auth rows failed; retrying at the next interval'),
    );
  }

  onModuleInit(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }

  /** Deletes every expired row now. */
  async purgeExpired(): Promise<PurgedRows> {
    const now = this.clock.now();
    const stillAnnounced = new Date(now.getTime() - revocationWindowMs(this.config));
    const [refreshTokens, sessions, resetTokens] = await this.prisma.$transaction([
      this.prisma.refreshToken.deleteMany({ where: { expiresAt: { lte: now } } }),
      this.prisma.session.deleteMany({
        where: {
          OR: [{ expiresAt: { lte: now } }, { idleExpiresAt: { lte: now } }],
          AND: [{ OR: [{ revokedAt: null }, { revokedAt: { lte: stillAnnounced } }] }],
        },
      }),
      this.prisma.passwordResetToken.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] } }),
    ]);
    return { sessions: sessions.count, refreshTokens: refreshTokens.count, resetTokens: resetTokens.count };
  }
}
