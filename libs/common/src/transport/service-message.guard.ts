import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { CONTEXTS, type ContextName } from '../config/contexts.js';
import { READ_PATTERNS } from '../contracts/service-calls.js';
import { ProblemException } from '../errors/problem.exception.js';
import type { MessageEnvelope } from './message-envelope.js';
import { messagePatternOf } from './message-pattern.js';
import { ReplayCache } from './replay-cache.js';
import { ServiceCredentials } from './service-credentials.js';
import { SERVICE_FORBIDDEN, ServiceRights } from './service-rights.js';
import { cancelPattern, pingPattern, subjectFor } from './transport-options.js';

/** Code of messages whose deadline passed before the handler started. */
export const DEADLINE_EXCEEDED = 'context.deadline_exceeded';

/**
 * Every message handler in every app runs behind this guard: the message must be signed by a
 * known app for this one, for a pattern that app calls (ServiceRights), within its deadline,
 * and seen for the first time (ReplayCache). Registered globally, so no handler can forget it;
 * HTTP requests are not its business.
 *
 * Cancels are the exception to "seen once": every instance of a context hears each one (the
 * work may run in any of them), so the first instance to record it must not hide it from the
 * others. Heard again, a cancel can only stop work of its own call and caller once more. Reads
 * (READ_PATTERNS and pings) pass unchecked while the replay cache cannot answer.
 */
@Injectable()
export class ServiceMessageGuard implements CanActivate {
  private readonly cancels: ReadonlySet<string>;
  private readonly reads: ReadonlySet<string>;

  constructor(
    private readonly credentials: ServiceCredentials,
    private readonly rights: ServiceRights,
    private readonly replays: ReplayCache,
    config: AppConfig,
  ) {
    const subjects = (patternsOf: (context: ContextName) => string[]) =>
      new Set(CONTEXTS.flatMap((context) => patternsOf(context).map((pattern) => subjectFor(context, pattern, config))));
    this.cancels = subjects((context) => [cancelPattern(context)]);
    this.reads = subjects((context) => [pingPattern(context), ...READ_PATTERNS[context]]);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'rpc') return true;
    const rpc = context.switchToRpc();
    const envelope = rpc.getData<Partial<MessageEnvelope> | undefined>();
    const name = messagePatternOf(context);
    if (!envelope || typeof envelope !== 'object' || !envelope.call || typeof envelope.call !== 'object') {
      throw new ProblemException({ status: 400, type: 'malformed-message', detail: 'The message is not a Ficus envelope.' });
    }
    const { call, credential } = envelope;
    this.credentials.verify(name, envelope.payload, call, credential);
    if (!this.rights.allows(credential.service, name)) {
      throw new ProblemException({ status: 403, type: 'service-forbidden', code: SERVICE_FORBIDDEN, detail: `The ${credential.service} app does not call ${name}.` });
    }
    if (typeof call.deadline !== 'number' || call.deadline <= Date.now()) {
      throw new ProblemException({ status: 504, type: 'context-timeout', code: DEADLINE_EXCEEDED, detail: 'The call deadline has passed.' });
    }
    if (!this.cancels.has(name)) await this.replays.admit(credential, call.deadline, this.reads.has(name));
    return true;
  }
}
