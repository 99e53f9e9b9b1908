/**
 * Sessions ended before their access tokens expire (logout, logout-all, password change or
 * reset, refresh-token reuse). Auth writes; every verifier reads, per request.
 * Guarantee: once `revoke` resolves, every verifier sharing this store rejects the session's
 * access tokens. With Redis that is every instance of every app; the in-memory store covers
 * only the process it lives in (the single-process `npm start`).
 */
export abstract class SessionRevocations {
  /** Marks the session revoked until `untilMs` (epoch ms: the latest expiry of its access tokens). */
  abstract revoke(sessionId: string, untilMs: number): Promise<void>;
  abstract isRevoked(sessionId: string): Promise<boolean>;
}
