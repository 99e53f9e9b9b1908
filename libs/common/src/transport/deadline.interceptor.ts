import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { MessageEnvelope } from './message-envelope.js';
import { deadlineExceeded } from './transport-errors.js';

/**
 * A message handler gives up once the caller's deadline has passed: nobody waits for the
 * answer any more. That holds for the whole of a streamed answer, not only its first item:
 * at the deadline the handler's work is unsubscribed (which stops it) and the caller gets 504.
 * (Work already sent to the database finishes; nothing new starts after.)
 */
@Injectable()
export class DeadlineInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const { call } = context.switchToRpc().getData<MessageEnvelope>();
    return untilDeadline(next.handle(), call.deadline);
  }
}

/** `source`, failing with 504 `context.deadline_exceeded` (and unsubscribed) if it has not completed by `deadline`. */
export function untilDeadline<T>(source: Observable<T>, deadline: number): Observable<T> {
  return new Observable<T>((subscriber) => {
    const timer = setTimeout(
      () => subscriber.error(deadlineExceeded()),
      Math.max(1, deadline - Date.now()),
    );
    const subscription = source.subscribe(subscriber);
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  });
}
