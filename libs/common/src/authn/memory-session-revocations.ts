import { SessionRevocations } from './session-revocations.js';

/** Revocations of this process only: enough for the single process of `npm start`. */
export class MemorySessionRevocations extends SessionRevocations {
  private readonly revoked = new Map<string, number>();

  async revoke(sessionId: string, untilMs: number): Promise<void> {
    const now = Date.now();
    // Entries outlive their tokens only until the next revocation sweeps them.
    for (const [id, until] of this.revoked) if (until <= now) this.revoked.delete(id);
    this.revoked.set(sessionId, untilMs);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const until = this.revoked.get(sessionId);
    return until !== undefined && until > Date.now();
  }
}
