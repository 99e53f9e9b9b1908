import { Bulkhead } from './bulkhead.js';
import { BulkheadRejectedError } from './errors.js';

interface Pending {
  promise: Promise<string>;
  resolve(value: string): void;
  reject(error: Error): void;
}

function pending(): Pending {
  const handlers: Partial<Pick<Pending, 'resolve' | 'reject'>> = {};
  const promise = new Promise<string>((resolve, reject) => Object.assign(handlers, { resolve, reject }));
  return { promise, resolve: (value) => handlers.resolve?.(value), reject: (error) => handlers.reject?.(error) };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Bulkhead', () => {
  it('runs up to maxConcurrent calls, queues maxQueued more and rejects the rest at once', async () => {
    const bulkhead = new Bulkhead('llm', { maxConcurrent: 2, maxQueued: 1 });
    const works = [pending(), pending(), pending()];
    const started = works.map(() => jest.fn());
    const results = works.map((work, index) => bulkhead.run(() => (started[index]?.(), work.promise)));
    await flush();
    expect(started.map((fn) => fn.mock.calls.length)).toEqual([1, 1, 0]);
    expect({ active: bulkhead.active, queued: bulkhead.queued }).toEqual({ active: 2, queued: 1 });

    const extra = jest.fn(() => Promise.resolve('never'));
    const rejected = bulkhead.run(extra);
    await expect(rejected).rejects.toBeInstanceOf(BulkheadRejectedError);
    await expect(rejected).rejects.toMatchObject({ code: 'dependency.busy', dependency: 'llm', maxConcurrent: 2, maxQueued: 1 });
    expect(extra).not.toHaveBeenCalled();

    works[0]?.resolve('first');
    await expect(results[0]).resolves.toBe('first');
    await flush();
    expect(started[2]).toHaveBeenCalledTimes(1);
    expect({ active: bulkhead.active, queued: bulkhead.queued }).toEqual({ active: 2, queued: 0 });

    works[1]?.reject(new Error('upstream failed'));
    await expect(results[1]).rejects.toThrow('upstream failed');
    works[2]?.resolve('third');
    await expect(results[2]).resolves.toBe('third');
    expect({ active: bulkhead.active, queued: bulkhead.queued }).toEqual({ active: 0, queued: 0 });
  });

  it('frees the slot of a call that throws synchronously', async () => {
    const bulkhead = new Bulkhead('llm', { maxConcurrent: 1, maxQueued: 0 });
    await expect(bulkhead.run(() => { throw new Error('bug'); })).rejects.toThrow('bug');
    await expect(bulkhead.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('drops a queued call whose caller aborts, and lets the next one in', async () => {
    const bulkhead = new Bulkhead('llm', { maxConcurrent: 1, maxQueued: 2 });
    const running = pending();
    const first = bulkhead.run(() => running.promise);
    const controller = new AbortController();
    const abandoned = jest.fn(() => Promise.resolve('abandoned'));
    const queued = bulkhead.run(abandoned, controller.signal);
    const next = bulkhead.run(() => Promise.resolve('next'));
    controller.abort(new Error('client went away'));
    await expect(queued).rejects.toThrow('client went away');
    expect(bulkhead.queued).toBe(1);
    running.resolve('done');
    await expect(first).resolves.toBe('done');
    await expect(next).resolves.toBe('next');
    expect(abandoned).not.toHaveBeenCalled();
    expect(bulkhead.active).toBe(0);
  });
});
