import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ProblemException } from '../errors/problem.exception.js';
import type { MessageEnvelope } from './message-envelope.js';
import { messagePatternOf } from './message-pattern.js';
import { ServiceCredentials } from './service-credentials.js';

/** Code of messages whose deadline passed before the handler started. */
export const DEADLINE_EXCEEDED = 'context.deadline_exceeded';

/**
 * Every message handler in every app runs behind this guard: the message must be signed by a
 * trusted service and its deadline must not have passed. Registered globally, so no handler can
 * forget it; HTTP requests are not its business.
 */
@Injectable()
export class ServiceMessageGuard implements CanActivate {
  constructor(private readonly credentials: ServiceCredentials) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const rpc = context.switchToRpc();
    const envelope = rpc.getData<Partial<MessageEnvelope> | undefined>();
    const name = messagePatternOf(context);
    if (!envelope || typeof envelope !== 'object' || !envelope.call || typeof envelope.call !== 'object') {
      throw new ProblemException({ status: 400, type: 'malformed-message', detail: 'The message is not a Ficus envelope.' });
    }
    this.credentials.verify(name, envelope.payload, envelope.call, envelope.credential);
    if (typeof envelope.call.deadline !== 'number' || envelope.call.deadline <= Date.now()) {
      throw new ProblemException({ status: 504, type: 'context-timeout', code: DEADLINE_EXCEEDED, detail: 'The call deadline has passed.' });
    }
    return true;
  }
}
