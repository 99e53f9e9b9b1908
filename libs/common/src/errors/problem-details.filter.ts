import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { throwError, type Observable } from 'rxjs';
import { problemPattern, type MessageEnvelope } from '../transport/message-envelope.js';
import { messagePatternOf } from '../transport/message-pattern.js';
import { SERVICE_REPLAYED } from '../transport/replay-cache.js';
import { ServiceCredentials } from '../transport/service-credentials.js';
import { SERVICE_UNAUTHENTICATED } from '../transport/transport-errors.js';
import { mapToProblem } from './problem.mapper.js';
import { sendProblem } from './send-problem.js';

/**
 * The one global exception filter: over HTTP every error becomes `application/problem+json`;
 * in a message handler it becomes the same problem on the wire, which the calling app raises
 * again — so a remote context fails exactly like a local one. Unexpected errors are logged
 * with their stack here (in the app where they happened) and nowhere else.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: PinoLogger,
    private readonly credentials: ServiceCredentials,
  ) {
    this.logger.setContext(ProblemDetailsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') return this.toWire(exception, host);
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }

  /**
   * The problem as the calling app raises it again, signed (as a problem, see problemPattern)
   * only for a message a known app signed: otherwise anyone on the transport could have this
   * app sign answers to call contexts of their choosing and pass them off elsewhere. A replay is
   * refused unsigned too (nothing republished yields a signed answer), and so is a caller the
   * edge did not vouch for, although a known app signed the message.
   */
  private toWire(exception: unknown, host: ArgumentsHost): Observable<never> {
    const { problem, unexpected, retryAfterSeconds } = mapToProblem(exception);
    if (unexpected) this.logger.error({ err: exception }, 'Unhandled error while handling a message');
    const { type, title, status, detail, code, errors } = problem;
    const ficusProblem = { type, title, status, detail, code, errors, retryAfterSeconds };
    const envelope = host.switchToRpc().getData<Partial<MessageEnvelope> | undefined>();
    const pattern = messagePatternOf(host);
    const call = envelope?.call;
    const received = envelope?.credential;
    // `accepts` is false for anything malformed or unsigned, and when no key is configured.
    const refusal = code === SERVICE_REPLAYED || code === SERVICE_UNAUTHENTICATED;
    const trusted = call !== undefined && !refusal && this.credentials.accepts(pattern, envelope?.payload, call, received, envelope?.trace);
    const credential = trusted ? this.credentials.sign(received.service, problemPattern(pattern), ficusProblem, call) : undefined;
    return throwError(() => ({ ficusProblem, credential }));
  }
}
