import { Observable } from 'rxjs';

/**
 * A message handler's work as an Observable of its one result, for work that can stop early:
 * `work` gets a signal that aborts when the handler's result is unsubscribed — its caller
 * cancelled (see CallCancellations) or the deadline passed (see DeadlineInterceptor). A handler
 * returning a plain Promise would run on for nobody.
 */
export function cancellable<T>(work: (signal: AbortSignal) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    let settled = false;
    work(controller.signal).then(
      (result) => {
        settled = true;
        subscriber.next(result);
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        subscriber.error(error);
      },
    );
    return () => {
      if (!settled) controller.abort(new Error('Nobody wants the answer any more'));
    };
  });
}
