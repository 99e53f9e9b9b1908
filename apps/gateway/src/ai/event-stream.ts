import type { EventEmitter } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Subscription, type Observable } from 'rxjs';
import type { AiAnswer, AiStreamEvent } from '@ficus/contracts/ai';

/** Header on answers the rules helper gave because the model was unavailable. */
export const DEGRADED_HEADER = 'x-ficus-degraded';

/** Whether the client asked for server-sent events rather than one JSON document. */
export function wantsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((type) => type.trim().toLowerCase().startsWith('text/event-stream'));
}

export function sseEvent(name: string, data: unknown): string {
  // JSON keeps every payload on one `data:` line, whatever newlines the text holds.
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Whether a stream's first event already shows the rules helper answering in the model's place:
 * then its headers, sent with that event, can carry `X-Ficus-Degraded` as a plain answer's do.
 */
export function opensDegraded(first: AiStreamEvent<AiAnswer>): boolean {
  return first.type === 'token' ? first.degraded === true : first.result.degraded;
}

/** A plain (JSON) answer; a degraded one carries `X-Ficus-Degraded: rules`. */
export function sendAnswer<T extends AiAnswer>(reply: FastifyReply, result: T): T {
  if (result.degraded) void reply.header(DEGRADED_HEADER, 'rules');
  return result;
}

/**
 * The body of a streamed answer, once it has its first event: each event is written as it
 * arrives (`token` `{"text": …}`, with `"degraded": true` when it is the rules fallback's text,
 * then `result` with the plain answer's JSON). Until then
 * nothing is sent, so a failure before the first event rejects and becomes an ordinary
 * problem+json response with its status; a failure after it is written as an `error` event
 * holding `problemOf(error)`, and the stream ends. Closing the body, or `clientGone` before
 * there is one (the client has left while the first event was still being produced),
 * unsubscribes, which stops the work.
 */
export function eventStreamBody<T>(events: Observable<AiStreamEvent<T>>, problemOf: (error: unknown) => unknown, clientGone?: EventEmitter): Promise<Readable> {
  return new Promise((resolve, reject) => {
    let body: PassThrough | undefined;
    const subscription = new Subscription();
    const leave = (): void => {
      subscription.unsubscribe();
      // Nobody reads an answer any more; an empty body settles the request handler.
      if (!body) resolve(new PassThrough().end());
    };
    clientGone?.once('close', leave);
    subscription.add(() => clientGone?.off('close', leave));
    const open = (): PassThrough => {
      const stream = new PassThrough();
      stream.on('close', () => subscription.unsubscribe());
      resolve(stream);
      return stream;
    };
    subscription.add(
      events.subscribe({
        next: (event) => {
          body ??= open();
          body.write(event.type === 'token' ? sseEvent('token', { text: event.text, degraded: event.degraded }) : sseEvent('result', event.result));
        },
        error: (error: unknown) => {
          if (body) body.end(sseEvent('error', problemOf(error)));
          else reject(error);
        },
        complete: () => {
          if (body) body.end();
          else reject(new Error('The answer stream ended without an event'));
        },
      }),
    );
  });
}

/**
 * Headers of an event stream: never buffered by a proxy on the way. (Never cached either: the
 * routes are `@Authenticated()`, which sends `Cache-Control: no-store`.)
 */
export function eventStreamHeaders(reply: FastifyReply): void {
  void reply.header('content-type', 'text/event-stream; charset=utf-8').header('x-accel-buffering', 'no');
}
