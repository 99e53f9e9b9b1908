import { interval, NEVER, of, Subject } from 'rxjs';
import { ProblemException } from '../errors/problem.exception.js';
import { untilDeadline } from './deadline.interceptor.js';

describe('untilDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('passes a stream that completes in time through unchanged, leaving no timer', () => {
    const seen: number[] = [];
    untilDeadline(of(1, 2, 3), Date.now() + 1000).subscribe((value) => seen.push(value));
    expect(seen).toEqual([1, 2, 3]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('fails a stream still emitting at the deadline with 504 and stops it', () => {
    const seen: number[] = [];
    let failure: unknown;
    const source = new Subject<number>();
    untilDeadline(source, Date.now() + 250).subscribe({ next: (value) => seen.push(value), error: (error: unknown) => (failure = error) });
    source.next(1);
    jest.advanceTimersByTime(200);
    source.next(2);
    jest.advanceTimersByTime(50);
    expect(seen).toEqual([1, 2]);
    expect(failure).toBeInstanceOf(ProblemException);
    expect((failure as ProblemException).getStatus()).toBe(504);
    expect(source.observed).toBe(false);
  });

  it('fails a silent call at the deadline, and each item of a long stream after its first does not extend it', () => {
    let silent: unknown;
    untilDeadline(NEVER, Date.now() + 100).subscribe({ error: (error: unknown) => (silent = error) });
    let chatty: unknown;
    untilDeadline(interval(50), Date.now() + 100).subscribe({ error: (error: unknown) => (chatty = error) });
    jest.advanceTimersByTime(100);
    expect([silent, chatty].map((error) => (error as ProblemException).getStatus())).toEqual([504, 504]);
  });
});
