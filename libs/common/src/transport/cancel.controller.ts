import { Controller, type Type } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ContextName } from '../config/contexts.js';
import { CallCancellations } from './call-cancellations.js';
import type { MessageEnvelope } from './message-envelope.js';
import { cancelPattern } from './transport-options.js';

/**
 * Receives a context's cancels. On NATS it subscribes outside the queue group (`queue: ''`):
 * the handler doing the work may run in any instance, so every instance must hear the cancel;
 * the others have nothing running for that call and ignore it. Like every message, a cancel
 * must be signed by a known app, and is accepted once (ServiceMessageGuard); it reaches only
 * work of the same call and caller, sent by the same app (see CallCancellations).
 */
export function cancelController(context: ContextName): Type<unknown> {
  @Controller()
  class CancelController {
    constructor(private readonly cancellations: CallCancellations) {}

    @EventPattern<Record<string, MessageEnvelope>>(cancelPattern(context), { queue: '' })
    cancel(@Payload() envelope: MessageEnvelope): void {
      this.cancellations.cancel(envelope);
    }
  }
  return CancelController;
}
