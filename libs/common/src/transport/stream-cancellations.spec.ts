import { NEVER, Subject, finalize, of } from 'rxjs';
import { StreamCancellations } from './stream-cancellations.js';

describe('StreamCancellations', () => {
  it('completes and unsubscribes the work of the cancelled request only', () => {
    const cancellations = new StreamCancellations();
    const stopped: string[] = [];
    const completed: string[] = [];
    for (const requestId of ['r1', 'r1', 'r2']) {
      cancellations
        .until(requestId, NEVER.pipe(finalize(() => stopped.push(requestId))))
        .subscribe({ complete: () => completed.push(requestId) });
    }
    expect(cancellations.size).toBe(3);
    cancellations.cancel('r1');
    expect(stopped).toEqual(['r1', 'r1']);
    expect(completed).toEqual(['r1', 'r1']);
    expect(cancellations.size).toBe(1);
    cancellations.cancel('unknown');
    expect(cancellations.size).toBe(1);
  });

  it('passes work through unchanged and forgets it once it ends', () => {
    const cancellations = new StreamCancellations();
    const seen: number[] = [];
    cancellations.until('r1', of(1, 2)).subscribe((value) => seen.push(value));
    const source = new Subject<number>();
    const running = cancellations.until('r2', source).subscribe((value) => seen.push(value));
    source.next(3);
    running.unsubscribe();
    expect(seen).toEqual([1, 2, 3]);
    expect(cancellations.size).toBe(0);
  });
});
