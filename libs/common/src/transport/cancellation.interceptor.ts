import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { MessageEnvelope } from './message-envelope.js';
import { StreamCancellations } from './stream-cancellations.js';

/** Every message handler's work can be cancelled by its caller (see StreamCancellations). */
@Injectable()
export class CancellationInterceptor implements NestInterceptor {
  constructor(private readonly cancellations: StreamCancellations) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const { call } = context.switchToRpc().getData<MessageEnvelope>();
    return this.cancellations.until(call.requestId, next.handle());
  }
}
