import { defineEvents } from '../../../../libs/common/src/events/event-catalog.js';

/** `user.registered`'s payload: an account was created. */
export interface UserRegistered {
  userId: string;
  /** Its roles at creation (a sign-up only ever gets `user`). */
  roles: string[];
  /** ISO 8601. */
  createdAt: string;
}

/** `user.deleted`'s payload: the account is gone, with every session of it. */
export interface UserDeleted {
  userId: string;
}

/** Why sessions ended, as `sessions.revoked` says it. */
export type SessionsRevokedReason = 'logout' | 'logout-all' | 'password-changed' | 'password-reset' | 'refresh-reuse' | 'account-deleted';

/** `sessions.revoked`'s payload: these sessions of the user ended early; their tokens no longer work. */
export interface SessionsRevoked {
  userId: string;
  /** The sessions ended by this change (at least one). */
  sessionIds: string[];
  reason: SessionsRevokedReason;
}

/**
 * The auth context's domain events, one per committed change (written in the change's
 * transaction, so a rolled-back change has none). Every envelope's `aggregateId` and `ownerId`
 * are the user's id, so one user's events keep their order; `requestId` is the request that
 * made the change. Payloads carry ids only, never an email or a name: what other contexts keep
 * about a user is the id, and personal data stays in auth (and out of the streams' retention).
 *
 * - `user.registered`: an account was created.
 * - `user.deleted`: the account was deleted (`DELETE /auth/me`). Every context deletes what the
 *   user owns when it hears this; the `sessions.revoked` of its sessions comes before it.
 * - `sessions.revoked`: sessions ended early — logout, logout-all, a password change (every
 *   session but the caller's) or reset, a reused refresh token, account deletion. Sessions that
 *   merely expire have none. Live connections of those sessions should close.
 */
export interface AuthEvents {
  'user.registered': UserRegistered;
  'user.deleted': UserDeleted;
  'sessions.revoked': SessionsRevoked;
}

/** The auth context's event catalog: stream `ficus_events_auth`, subjects `events.auth.<type>`. */
export const AUTH_EVENTS = defineEvents<AuthEvents>('auth', {
  'user.registered': 1,
  'user.deleted': 1,
  'sessions.revoked': 1,
});

/** The auth event types. */
export type AuthEventType = keyof AuthEvents;
