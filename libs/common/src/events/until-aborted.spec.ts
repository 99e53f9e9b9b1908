import { untilAborted } from './until-aborted.js';

describe('untilAborted', () => {
  it('settles as the promise does while the signal stays quiet', async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('no')), signal)).rejects.toThrow('no');
  });

  it('rejects with the reason as soon as the signal aborts, though the promise never settles', async () => {
    const stop = new AbortController();
    const waiting = untilAborted(new Promise<never>(() => undefined), stop.signal);
    stop.abort(new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
  });

  it('rejects at once when the signal has aborted already', async () => {
    await expect(untilAborted(Promise.resolve(1), AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
