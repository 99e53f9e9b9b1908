import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { PLATFORM_ERRORS } from '../errors/platform-errors.js';
import { ProblemException } from '../errors/problem.exception.js';
import { OutageLog } from '../logging/outage-log.js';
import { REDIS_CLIENT } from '../redis/redis.constants.js';
import type { ServiceCredential } from './message-envelope.js';
import { CREDENTIAL_MAX_SKEW_MS } from './service-credentials.js';

/** Error code of a signed message that was accepted once already: a replay. */
export const SERVICE_REPLAYED = 'service.replayed';

const KEY_PREFIX = 'ficus:transport:seen-message:';

/** How much longer than its window a seen id is kept: the clocks of a context's instances differ a little. */
const CLOCK_ALLOWANCE_MS = 5000;

/**
 * Makes every signed message count once: a context app records each message id it accepts in
 * Redis (`SET NX`), shared by all its instances, until the message could no longer be accepted
 * anyway (its deadline, or the credential's age limit). A message whose id is known is refused,
 * so a captured message republished within its window changes nothing. When Redis cannot
 * answer, a message that would change data is refused with 503 (fail closed: nothing would stop
 * its replay meanwhile); a read passes unchecked (fail open: a repeat of it changes nothing).
 */
@Injectable()
export class ReplayCache {
  private readonly outage = new OutageLog(
    ReplayCache.name,
    (reason) => `Replay cache (Redis) unavailable (${reason}): refusing messages from other apps that change data`,
    'Replay cache (Redis) available again: accepting every message from other apps',
  );

  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis | null) {}

  /**
   * Records the message's id; throws 401 `service.replayed` if it was seen before. If the cache
   * cannot tell, throws 503 — unless the message only reads (`read`), which then passes.
   */
  async admit(credential: ServiceCredential, deadline: number, read = false): Promise<void> {
    const acceptableUntil = Math.min(deadline, credential.issuedAt + CREDENTIAL_MAX_SKEW_MS);
    const ttlMs = Math.max(1, acceptableUntil - Date.now()) + CLOCK_ALLOWANCE_MS;
    let first: boolean;
    try {
      if (!this.redis) throw new Error('REDIS_URL is not configured');
      first = (await this.redis.set(`${KEY_PREFIX}${credential.service}:${credential.id}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
      this.outage.recovered();
    } catch (error) {
      this.outage.report(error);
      if (read) return;
      throw new ProblemException({
        status: 503,
        type: 'replay-cache-unavailable',
        code: PLATFORM_ERRORS.storeUnavailable,
        detail: 'Messages between services cannot be checked right now; retry shortly.',
        retryAfterSeconds: 1,
      });
    }
    if (!first) throw new ProblemException({ status: 401, type: 'service-replayed', code: SERVICE_REPLAYED, detail: 'This message was accepted once already.' });
  }
}
