import { Injectable } from '@nestjs/common';
import { Observable, Subject, takeUntil } from 'rxjs';

/**
 * Lets a caller stop a remote handler's work that it no longer wants (a client left a streamed
 * answer). Handlers' results run `until` a cancel for their request id arrives (see
 * CancellationInterceptor); the cancel controller delivers cancels (see streamCancelController).
 * In-process, unsubscribing does this already; over a transport the handler would not know.
 */
@Injectable()
export class StreamCancellations {
  private readonly running = new Map<string, Set<Subject<void>>>();

  /** `source`, completed early (which unsubscribes it, stopping its work) by `cancel(requestId)`. */
  until<T>(requestId: string, source: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      const cancelled = new Subject<void>();
      const ofRequest = this.running.get(requestId) ?? new Set<Subject<void>>();
      ofRequest.add(cancelled);
      this.running.set(requestId, ofRequest);
      const subscription = source.pipe(takeUntil(cancelled)).subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        ofRequest.delete(cancelled);
        if (ofRequest.size === 0) this.running.delete(requestId);
      };
    });
  }

  /** Stops the work of every handler running for `requestId` here; nothing when there is none. */
  cancel(requestId: string): void {
    // Each one removes itself from the set as it ends, which a Set's iteration allows.
    for (const cancelled of this.running.get(requestId) ?? []) cancelled.next();
  }

  /** How many handlers' work can be cancelled right now (for tests and diagnostics). */
  get size(): number {
    let count = 0;
    for (const ofRequest of this.running.values()) count += ofRequest.size;
    return count;
  }
}
