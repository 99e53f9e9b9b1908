import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { throwError, timeout, type Observable } from 'rxjs';
import { ProblemException } from '../errors/problem.exception.js';
import type { MessageEnvelope } from './message-envelope.js';
import { DEADLINE_EXCEEDED } from './service-message.guard.js';

/**
 * A message handler gives up once the caller's deadline has passed: nobody waits for the
 * answer any more. (Work already sent to the database finishes; nothing new starts after.)
 */
@Injectable()
export class DeadlineInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const { call } = context.switchToRpc().getData<MessageEnvelope>();
    const remaining = Math.max(1, call.deadline - Date.now());
    return next.handle().pipe(
      timeout({
        first: remaining,
        with: () =>
          throwError(
            () => new ProblemException({ status: 504, type: 'context-timeout', code: DEADLINE_EXCEEDED, detail: 'The call deadline has passed.' }),
          ),
      }),
    );
  }
}
