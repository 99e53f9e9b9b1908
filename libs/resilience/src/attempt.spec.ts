import { runAttempt } from './attempt.js';
import { TimeoutError } from './timeout.js';

describe('runAttempt', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('aborts the operation’s signal with a TimeoutError when time runs out, even if it ignores it', async () => {
    let seen: AbortSignal | undefined;
    const result = runAttempt((signal) => { seen = signal; return new Promise<never>(() => undefined); }, 500, 'llm');
    result.catch(() => undefined);
    await jest.advanceTimersByTimeAsync(499);
    expect(seen?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).rejects.toEqual(new TimeoutError(500, 'llm'));
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(TimeoutError);
  });

  it('returns the result and leaves no timer behind', async () => {
    await expect(runAttempt(async () => 'ok', 500, 'llm')).resolves.toBe('ok');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('turns a synchronous throw into a rejection', async () => {
    await expect(runAttempt(() => { throw new Error('bug'); }, 500, 'llm')).rejects.toThrow('bug');
  });

  it('passes the caller’s abort on to the operation', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const result = runAttempt((signal) => { seen = signal; return new Promise<never>(() => undefined); }, 500, 'llm', controller.signal);
    controller.abort(new Error('client went away'));
    await expect(result).rejects.toThrow('client went away');
    expect(seen?.aborted).toBe(true);
    await expect(runAttempt(async () => 'late', 500, 'llm', controller.signal)).rejects.toThrow('client went away');
  });
});
