import { Injectable } from '@nestjs/common';
import { Observable, Subject, takeUntil } from 'rxjs';
import type { MessageEnvelope } from './message-envelope.js';

/** What identifies a caller's work: the message's signed sender, call id and caller. */
type CallOf = Pick<MessageEnvelope, 'call' | 'credential'>;

/**
 * Whose work a message is: the app that sent it, the call id its edge made up (random, never
 * the client's), and the user and session it calls for. A cancel acts on work with the same
 * key only, so no client can reach another's work by reusing a request id.
 */
function keyOf({ call, credential }: CallOf): string {
  return JSON.stringify([credential.service, call.callId, call.caller?.userId ?? null, call.caller?.sessionId ?? null]);
}

/**
 * Lets a caller stop a remote handler's work that it no longer wants (its client left). Handlers'
 * results run `until` a cancel for their call arrives (see CancellationInterceptor); the cancel
 * controller delivers cancels (see cancelController). In-process, unsubscribing does this
 * already; over a transport the handler would not know.
 */
@Injectable()
export class CallCancellations {
  private readonly running = new Map<string, Set<Subject<void>>>();

  /** `source`, completed early (which unsubscribes it, stopping its work) by `cancel` of the same call. */
  until<T>(message: CallOf, source: Observable<T>): Observable<T> {
    const key = keyOf(message);
    return new Observable<T>((subscriber) => {
      const cancelled = new Subject<void>();
      const ofCall = this.running.get(key) ?? new Set<Subject<void>>();
      ofCall.add(cancelled);
      this.running.set(key, ofCall);
      const subscription = source.pipe(takeUntil(cancelled)).subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        ofCall.delete(cancelled);
        if (ofCall.size === 0) this.running.delete(key);
      };
    });
  }

  /** Stops the work of every handler running here for the call `message` cancels; nothing when there is none. */
  cancel(message: CallOf): void {
    // Each one removes itself from the set as it ends, which a Set's iteration allows.
    for (const cancelled of this.running.get(keyOf(message)) ?? []) cancelled.next();
  }

  /** How many handlers' work can be cancelled right now (for tests and diagnostics). */
  get size(): number {
    let count = 0;
    for (const ofCall of this.running.values()) count += ofCall.size;
    return count;
  }
}
