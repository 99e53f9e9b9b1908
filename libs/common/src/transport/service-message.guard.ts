import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { ContextName } from '../config/contexts.js';
import { contextNames, readPatterns } from '../contracts/service-calls.js';
import { ProblemException } from '../errors/problem.exception.js';
import { OutageLog } from '../logging/outage-log.js';
import type { MessageEnvelope } from './message-envelope.js';
import { messagePatternOf } from './message-pattern.js';
import { ReplayCache } from './replay-cache.js';
import { ServiceCredentials } from './service-credentials.js';
import { SERVICE_FORBIDDEN, ServiceRights } from './service-rights.js';
import { cancelPattern, pingPattern, subjectFor } from './transport-options.js';

/** Code of messages whose deadline passed before the handler started. */
import { deadlineExceeded } from './transport-errors.js';

export { DEADLINE_EXCEEDED } from './transport-errors.js';

/**
 * Every message handler in every app runs behind this guard: the message must be signed by a
 * known app for this one, for a pattern that app calls (ServiceRights), name a caller only as
 * the edge vouched for it (CallerAttestations), be within its deadline, and be seen for the
 * first time (ReplayCache). Registered globally, so no handler can forget it; HTTP requests
 * are not its business.
 *
 * Cancels are the exception to "seen once": every instance of a context hears each one (the
 * work may run in any of them), so the first instance to record it must not hide it from the
 * others. Heard again, a cancel can only stop work of its own call and caller once more. Reads
 * (readPatterns and pings) pass unchecked while the replay cache cannot answer.
 */
@Injectable()
export class ServiceMessageGuard implements CanActivate {
  private readonly cancels: ReadonlySet<string>;
  private readonly reads: ReadonlySet<string>;
  // A known app's key naming callers the edge never vouched for is a leaked key or mismatched
  // keys: worth an operator's attention, but not a line per message.
  private readonly unvouched = new OutageLog(
    ServiceMessageGuard.name,
    (what) => `Refused ${what}: its caller is not vouched for by the gateway (a leaked key, or keys that do not match)`,
  );

  constructor(
    private readonly credentials: ServiceCredentials,
    private readonly rights: ServiceRights,
    private readonly replays: ReplayCache,
    config: AppConfig,
  ) {
    const subjects = (patternsOf: (context: ContextName) => string[]) =>
      new Set(contextNames().flatMap((context) => patternsOf(context).map((pattern) => subjectFor(context, pattern, config))));
    this.cancels = subjects((context) => [cancelPattern(context)]);
    this.reads = subjects((context) => [pingPattern(context), ...readPatterns(context)]);
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
    this.credentials.verify(name, envelope.payload, call, credential, undefined, envelope.trace);
    if (!this.rights.allows(credential.service, name)) {
      throw new ProblemException({ status: 403, type: 'service-forbidden', code: SERVICE_FORBIDDEN, detail: `The ${credential.service} app does not call ${name}.` });
    }
    try {
      this.credentials.callers.check(call);
    } catch (error) {
      this.unvouched.report(`${name} from the ${credential.service} app`);
      throw error;
    }
    if (typeof call.deadline !== 'number' || call.deadline <= Date.now()) {
      throw deadlineExceeded();
    }
    if (!this.cancels.has(name)) await this.replays.admit(credential, call.deadline, this.reads.has(name));
    return true;
  }
}
