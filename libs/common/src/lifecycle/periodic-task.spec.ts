import { PeriodicTask } from './periodic-task.js';

/** Work whose runs end only when the test releases them, oldest first. */
function gatedWork(): { work: jest.Mock<Promise<void>, []>; release: () => void } {
  const pending: (() => void)[] = [];
  const work = jest.fn(() => new Promise<void>((done) => pending.push(done)));
  return { work, release: () => pending.shift()?.() };
}

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs on every interval but never starts a run while one is in progress', async () => {
    const { work, release: finish } = gatedWork();
    const task = new PeriodicTask(work, 1000, () => undefined);
    task.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(work).toHaveBeenCalledTimes(0);
    await jest.advanceTimersByTimeAsync(3001);
    expect(work).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(1000);
    expect(work).toHaveBeenCalledTimes(2);
    finish();
    await task.stop();
  });

  it('reports a failed run and tries again at the next interval', async () => {
    const errors: unknown[] = [];
    const work = jest.fn().mockRejectedValueOnce(new Error('database down')).mockResolvedValue(undefined);
    const task = new PeriodicTask(work, 1000, (error) => errors.push(error));
    task.start();
    await jest.advanceTimersByTimeAsync(2000);
    expect(errors).toEqual([new Error('database down')]);
    expect(work).toHaveBeenCalledTimes(2);
    await task.stop();
  });

  it('stops: no further runs, and stop waits for the run in progress', async () => {
    const { work, release: finish } = gatedWork();
    const task = new PeriodicTask(work, 1000, () => undefined);
    task.start();
    await jest.advanceTimersByTimeAsync(1000);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(5000);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
    // Stopped means stopped: intervals passing later start nothing.
    await jest.advanceTimersByTimeAsync(5000);
    expect(work).toHaveBeenCalledTimes(1);
  });
});
