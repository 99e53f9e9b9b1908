import { lastValueFrom } from 'rxjs';
import { cancellable } from './cancellable.js';

describe('cancellable', () => {
  it('emits the work’s result once, or its error', async () => {
    await expect(lastValueFrom(cancellable(async () => 42))).resolves.toBe(42);
    await expect(lastValueFrom(cancellable(() => Promise.reject(new Error('no'))))).rejects.toThrow('no');
  });

  it('aborts the work when unsubscribed, and not once it has ended', async () => {
    let running: AbortSignal | undefined;
    const subscription = cancellable((signal) => {
      running = signal;
      return new Promise<never>(() => undefined);
    }).subscribe();
    expect(running?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(running?.aborted).toBe(true);
    let finished: AbortSignal | undefined;
    await lastValueFrom(cancellable(async (signal) => (finished = signal)));
    expect(finished?.aborted).toBe(false);
  });
});
