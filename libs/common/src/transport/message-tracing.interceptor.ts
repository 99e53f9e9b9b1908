import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { TcpContext } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { tracedProcess } from '../tracing/message-tracing.js';
import type { MessageEnvelope } from './message-envelope.js';
import { messagePatternOf } from './message-pattern.js';

/**
 * Runs every message handler in a `process <subject>` span continuing the sender's trace (see
 * tracedProcess), so a request's trace goes on in the context app: its queries, the messages it
 * sends on, its log lines. The first interceptor, so the others' work is inside the span; after
 * the guard, so only a verified envelope's trace context is continued. A no-op without tracing.
 */
@Injectable()
export class MessageTracingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const { call, credential, trace } = rpc.getData<MessageEnvelope>();
    const system = rpc.getContext() instanceof TcpContext ? 'tcp' : 'nats';
    const facts = { system, destination: messagePatternOf(context), requestId: call.requestId } as const;
    return tracedProcess(facts, trace, credential.id, () => next.handle());
  }
}
