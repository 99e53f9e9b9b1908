import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { MessageEnvelope } from './message-envelope.js';
import { CallCancellations } from './call-cancellations.js';

/** Every message handler's work can be cancelled by its caller (see CallCancellations). */
@Injectable()
export class CancellationInterceptor implements NestInterceptor {
  constructor(private readonly cancellations: CallCancellations) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    return this.cancellations.until(context.switchToRpc().getData<MessageEnvelope>(), next.handle());
  }
}
