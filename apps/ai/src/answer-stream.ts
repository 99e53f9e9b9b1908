import type { AiStreamEvent } from '@ficus/contracts/ai';
import { Observable } from 'rxjs';
import type { AnswerSink } from './assistant/assistant.js';

/**
 * An answer as a stream: a `token` event for each piece of text the work reports, then one
 * `result` event with what it resolves to, or its error. Unsubscribing (the client has gone)
 * aborts the work's model calls.
 */
export function answerStream<T>(work: (onText: AnswerSink, cancel: AbortSignal) => Promise<T>): Observable<AiStreamEvent<T>> {
  return new Observable((subscriber) => {
    const cancel = new AbortController();
    work((text, degraded) => {
      if (text !== '') subscriber.next(degraded ? { type: 'token', text, degraded } : { type: 'token', text });
    }, cancel.signal).then(
      (result) => {
        subscriber.next({ type: 'result', result });
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => cancel.abort();
  });
}
