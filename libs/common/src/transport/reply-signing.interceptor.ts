import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { replyPattern, type MessageEnvelope, type SignedReply } from './message-envelope.js';
import { messagePatternOf } from './message-pattern.js';
import { ServiceCredentials } from './service-credentials.js';

/**
 * Signs every message handler's result (each item, for handlers that stream) for the app that
 * sent the message, bound to the request's pattern and call context, so a caller can tell this
 * app's answer from one injected by anything else on the transport (a stray subscriber outside
 * the queue group answering first, say, with its own JWKS).
 */
@Injectable()
export class ReplySigningInterceptor implements NestInterceptor {
  constructor(private readonly credentials: ServiceCredentials) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    // The guard let the message in, so its credential names the app to answer.
    const { call, credential } = context.switchToRpc().getData<MessageEnvelope>();
    const pattern = messagePatternOf(context);
    return next.handle().pipe(
      // Every emission is signed: a streaming handler's items each, numbered (see replyPattern).
      map((result: unknown, index): SignedReply => {
        const ficusReply = result ?? null;
        return { ficusReply, credential: this.credentials.sign(credential.service, replyPattern(pattern, index), ficusReply, call) };
      }),
    );
  }
}
