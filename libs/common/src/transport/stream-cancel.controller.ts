import { Controller, type Type } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ContextName } from '../config/contexts.js';
import type { MessageEnvelope } from './message-envelope.js';
import { StreamCancellations } from './stream-cancellations.js';
import { cancelPattern } from './transport-options.js';

/**
 * Receives a context's cancels. On NATS it subscribes outside the queue group (`queue: ''`):
 * the handler doing the work may run in any instance, so every instance must hear the cancel;
 * the others have nothing running for that request id and ignore it. Like every message, a
 * cancel must be signed by a trusted service (ServiceMessageGuard).
 */
export function streamCancelController(context: ContextName): Type<unknown> {
  @Controller()
  class StreamCancelController {
    constructor(private readonly cancellations: StreamCancellations) {}

    @EventPattern<Record<string, MessageEnvelope>>(cancelPattern(context), { queue: '' })
    cancel(@Payload() envelope: MessageEnvelope): void {
      this.cancellations.cancel(envelope.call.requestId);
    }
  }
  return StreamCancelController;
}
