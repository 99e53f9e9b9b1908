import { DatabaseBusyError } from '@ficus/common';
import { PerOwnerQueue } from './per-owner-queue.js';

/** A task the test finishes when it wants, recording when it started. */
function gate(log: string[], name: string): { task: () => Promise<string>; finish: () => void } {
  let finish!: () => void;
  const finished = new Promise<void>((done) => (finish = done));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await finished;
      log.push(`end ${name}`);
      return name;
    },
    finish: () => finish(),
  };
}

const flush = () => new Promise((done) => setImmediate(done));
const far = () => Date.now() + 60_000;

describe('PerOwnerQueue', () => {
  it('runs one owner’s tasks one at a time, in arrival order, and other owners’ at once', async () => {
    const queue = new PerOwnerQueue();
    const log: string[] = [];
    const [a1, a2, a3, b1] = [gate(log, 'a1'), gate(log, 'a2'), gate(log, 'a3'), gate(log, 'b1')];
    const runs = [queue.run('a', far(), a1.task), queue.run('a', far(), a2.task), queue.run('a', far(), a3.task), queue.run('b', far(), b1.task)];
    await flush();
    expect(log).toEqual(['start a1', 'start b1']);
    a1.finish();
    await flush();
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
    a2.finish();
    a3.finish();
    b1.finish();
    expect(await Promise.all(runs)).toEqual(['a1', 'a2', 'a3', 'b1']);
    expect(queue.size).toBe(0);
  });

  it('gives up a wait at its deadline with DatabaseBusyError, without holding up those behind it', async () => {
    jest.useFakeTimers();
    try {
      const queue = new PerOwnerQueue();
      const log: string[] = [];
      const [first, impatient, patient] = [gate(log, 'first'), gate(log, 'impatient'), gate(log, 'patient')];
      const running = queue.run('a', Date.now() + 60_000, first.task);
      const givingUp = queue.run('a', Date.now() + 1000, impatient.task);
      const waiting = queue.run('a', Date.now() + 60_000, patient.task);
      const outcome = givingUp.catch((error: unknown) => error);
      await jest.advanceTimersByTimeAsync(1000);
      expect(await outcome).toBeInstanceOf(DatabaseBusyError);
      expect(log).toEqual(['start first']);
      first.finish();
      await jest.advanceTimersByTimeAsync(0);
      expect(log).toEqual(['start first', 'end first', 'start patient']);
      patient.finish();
      expect([await running, await waiting]).toEqual(['first', 'patient']);
      expect(queue.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('lets the next task run after one that failed', async () => {
    const queue = new PerOwnerQueue();
    await expect(queue.run('a', far(), () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run('a', far(), async () => 'next')).resolves.toBe('next');
  });
});
