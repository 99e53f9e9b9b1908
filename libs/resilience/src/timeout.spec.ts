import { settlesWithin, TimeoutError, withTimeout } from './timeout.js';

describe('withTimeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves with the value when the work finishes in time', async () => {
    const work = new Promise<string>((resolve) => setTimeout(() => resolve('done'), 50));
    const result = withTimeout(work, 100);
    jest.advanceTimersByTime(50);
    await expect(result).resolves.toBe('done');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects with a TimeoutError naming the operation when time runs out', async () => {
    const result = withTimeout(new Promise(() => undefined), 100, 'ping');
    jest.advanceTimersByTime(100);
    await expect(result).rejects.toEqual(new TimeoutError(100, 'ping'));
    await expect(result).rejects.toThrow('ping did not finish within 100 ms');
  });

  it('passes the work’s own failure through', async () => {
    await expect(withTimeout(Promise.reject(new Error('boom')), 100)).rejects.toThrow('boom');
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('settlesWithin', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers whether the work settled in time', async () => {
    const slow = settlesWithin(new Promise(() => undefined), 10);
    jest.advanceTimersByTime(10);
    await expect(slow).resolves.toBe(false);
    await expect(settlesWithin(Promise.resolve(), 10)).resolves.toBe(true);
  });
});
