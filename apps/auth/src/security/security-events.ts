import { Injectable } from '@nestjs/common';
import type { CallContext } from '@ficus/common';
import { PinoLogger } from 'nestjs-pino';

/** The security-relevant things auth records (ASVS V16.3), as the `event` field of the log line. */
export type SecurityEventName =
  | 'auth.registered'
  | 'auth.login.succeeded'
  | 'auth.login.failed'
  | 'auth.login.throttled'
  | 'auth.refresh.reused'
  | 'auth.logout'
  | 'auth.logout-all'
  | 'auth.password.changed'
  | 'auth.account.deleted'
  | 'auth.password.rehashed'
  | 'auth.password-reset.requested'
  | 'auth.password-reset.completed';

/** Who and what an event concerns. Never secrets: no passwords, tokens or hashes. */
export interface SecurityEventFields {
  userId?: string;
  sessionId?: string;
  reason?: string;
  [detail: string]: string | number | boolean | string[] | undefined;
}

/**
 * One structured log line per security event, with the request id and client address of the
 * call, so a login, a reuse alarm or a reset can be traced across apps by `requestId`.
 */
@Injectable()
export class SecurityEvents {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext('AuthSecurity');
  }

  /** Routine events (login, logout, password changes). */
  record(event: SecurityEventName, call: CallContext, fields: SecurityEventFields = {}): void {
    this.logger.info(this.line(event, call, fields), event);
  }

  /** Events that suggest an attack (refresh-token reuse, throttled logins, failed logins). */
  alert(event: SecurityEventName, call: CallContext, fields: SecurityEventFields = {}): void {
    this.logger.warn(this.line(event, call, fields), event);
  }

  private line(event: SecurityEventName, call: CallContext, fields: SecurityEventFields): Record<string, unknown> {
    return { event, requestId: call.requestId, clientIp: call.clientIp, ...fields };
  }
}
