import { Injectable } from '@nestjs/common';
import { AppConfig, PLATFORM_ERRORS, ProblemException, SessionRevocations, type CallContext, type EventCause } from '@ficus/common';
import { AUTH_ERRORS, type SessionsRevokedReason, type TokenPair } from '@ficus/contracts/auth';
import { PinoLogger } from 'nestjs-pino';
import { invalidCredentials } from '../accounts/invalid-credentials.js';
import { addSeconds, AuthClock } from '../auth.clock.js';
import { eventCause } from '../events/user-events.js';
import { SecurityEvents } from '../security/security-events.js';
import { AccessTokenIssuer } from '../tokens/access-token.issuer.js';
import { hashOpaqueToken, newOpaqueToken } from '../tokens/opaque-tokens.js';
import { revocationWindowMs } from './revocation-window.js';
import { SessionsRepository, type PresentedRefreshToken } from './sessions.repository.js';

/** Why a session ended early; stored with it, logged and published (`sessions.revoked`). */
export type SessionEndReason = SessionsRevokedReason;

/** The account a session is opened for, with the password version its login checked. */
export interface SessionOwner {
  id: string;
  roles: string[];
  passwordVersion: number;
}

/** A session just opened: its id (for the log) and its first tokens (for the client). */
export interface OpenedSession {
  sessionId: string;
  tokens: TokenPair;
}

const earlier = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);

/**
 * Sessions as refresh-token families (RFC 9700 §4.14.2): login opens one, every refresh rotates
 * its single-use refresh token, and presenting a used token — a replay, or the loser of two
 * concurrent refreshes — ends the whole session. A session ends at the latest
 * AUTH_SESSION_ABSOLUTE_TTL_S after login, or AUTH_SESSION_IDLE_TTL_S after its last refresh.
 * Ending a session also tells SessionRevocations, so its access tokens stop working at once.
 * When that store (Redis) fails, the call fails with 503 and Retry-After after the session has
 * ended in the database: repeating it tells the store again (see `endAll`), so a retry
 * finishes the job instead of finding nothing left to do.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly revocations: SessionRevocations,
    private readonly events: SecurityEvents,
    private readonly clock: AuthClock,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(SessionService.name);
  }

  /**
   * Opens a session for `owner` with its first token pair; 401 `invalid_credentials` when the
   * password changed after the login checked it (the login raced a change or reset).
   */
  async open(owner: SessionOwner): Promise<OpenedSession> {
    const now = this.clock.now();
    const expiresAt = addSeconds(now, this.config.AUTH_SESSION_ABSOLUTE_TTL_S);
    const refreshToken = newOpaqueToken();
    const refreshTokenExpiresAt = earlier(addSeconds(now, this.config.AUTH_SESSION_IDLE_TTL_S), expiresAt);
    const sessionId = await this.sessions.create({
      userId: owner.id,
      passwordVersion: owner.passwordVersion,
      now,
      expiresAt,
      refreshTokenHash: hashOpaqueToken(refreshToken),
      refreshTokenExpiresAt,
    });
    if (!sessionId) throw invalidCredentials();
    return { sessionId, tokens: this.pair({ userId: owner.id, sessionId, roles: owner.roles }, now, expiresAt, refreshToken, refreshTokenExpiresAt) };
  }

  /** Exchanges a current refresh token for a new pair; anything else is 401 `invalid_refresh_token`. */
  async rotate(refreshToken: string, call: CallContext): Promise<TokenPair> {
    const now = this.clock.now();
    const presented = await this.sessions.findRefreshToken(hashOpaqueToken(refreshToken));
    if (!presented) throw invalidRefreshToken();
    const { session } = presented;
    if (presented.usedAt) return this.reused(presented, call);
    if (session.revokedAt || session.expiresAt <= now || presented.expiresAt <= now) throw invalidRefreshToken();
    const successor = newOpaqueToken();
    const successorExpiresAt = earlier(addSeconds(now, this.config.AUTH_SESSION_IDLE_TTL_S), session.expiresAt);
    const rotated = await this.sessions.rotate(presented.id, session.id, now, hashOpaqueToken(successor), successorExpiresAt);
    // Lost the race to a concurrent refresh with the same token: that is a second use too.
    if (!rotated) return this.reused(presented, call);
    return this.pair({ userId: session.userId, sessionId: session.id, roles: session.roles }, now, session.expiresAt, successor, successorExpiresAt);
  }

  /** Ends one session of `userId` (idempotent, a repeat tells SessionRevocations again). */
  async end(sessionId: string, userId: string, reason: SessionEndReason, cause: EventCause): Promise<void> {
    await this.sessions.revoke(sessionId, userId, this.clock.now(), reason, cause);
    await this.announce([sessionId]);
  }

  /**
   * Ends every session of `userId`, or every one but `exceptSessionId`; resolves to how many
   * ended now. SessionRevocations hears of every session of the user ended within an access
   * token's lifetime, not only of these: if an earlier call ended sessions but could not tell
   * the store, the retry — which finds them ended already — still does.
   */
  async endAll(userId: string, reason: SessionEndReason, cause: EventCause, exceptSessionId?: string): Promise<number> {
    const now = this.clock.now();
    const ended = await this.sessions.revokeAllOf(userId, now, reason, cause, exceptSessionId);
    const recent = await this.sessions.endedSince(userId, new Date(now.getTime() - revocationWindowMs(this.config)), exceptSessionId);
    await this.announce([...new Set([...ended, ...recent])]);
    return ended.length;
  }

  /** Tells SessionRevocations of sessions ended elsewhere (with their account); 503 like the rest when it fails. */
  async announceEnded(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length > 0) await this.announce(sessionIds);
  }

  /** A used refresh token came back: end its session and raise the alarm (the store is told every time, so a retry after 503 works). */
  private async reused(presented: PresentedRefreshToken, call: CallContext): Promise<never> {
    const { session } = presented;
    const endedNow = await this.sessions.revoke(session.id, session.userId, this.clock.now(), 'refresh-reuse', eventCause(call));
    this.events.alert('auth.refresh.reused', call, { userId: session.userId, sessionId: session.id, sessionRevoked: endedNow });
    await this.announce([session.id]);
    throw invalidRefreshToken();
  }

  /**
   * Tells SessionRevocations that these sessions ended. A failing store is 503 with Retry-After,
   * not 500: the sessions have ended in the database, and repeating the call completes the rest.
   */
  private async announce(sessionIds: readonly string[]): Promise<void> {
    const until = this.revocationEnd();
    try {
      await Promise.all(sessionIds.map((sessionId) => this.revocations.revoke(sessionId, until)));
    } catch (error) {
      this.logger.error({ err: error, sessionIds }, 'Session revocation store unavailable: ended sessions may keep working at the edge until it answers');
      throw new ProblemException({
        status: 503,
        type: 'session-revocation-unavailable',
        code: PLATFORM_ERRORS.storeUnavailable,
        detail: 'The session has ended, but not every service could be told yet; retry shortly.',
        retryAfterSeconds: 5,
      });
    }
  }

  /** Until when a revocation must be remembered (see revocationWindowMs). */
  private revocationEnd(): number {
    return this.clock.now().getTime() + revocationWindowMs(this.config);
  }

  private pair(subject: { userId: string; sessionId: string; roles: string[] }, now: Date, sessionEnd: Date, refreshToken: string, refreshTokenExpiresAt: Date): TokenPair {
    const access = this.accessTokens.issue(subject, now, sessionEnd);
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      expiresIn: access.expiresIn,
      refreshToken,
      refreshTokenExpiresAt: refreshTokenExpiresAt.toISOString(),
    };
  }
}

function invalidRefreshToken(): ProblemException {
  return new ProblemException({
    status: 401,
    code: AUTH_ERRORS.invalidRefreshToken,
    detail: 'The refresh token is invalid, expired or revoked; sign in again.',
  });
}
