import { DatabaseBusyError } from '@ficus/common';

/**
 * Runs one task at a time per owner, in arrival order; the others wait here, without a
 * database connection, each until its own deadline (then DatabaseBusyError: 503 and
 * `Retry-After`). So however many requests one user sends, they hold at most one pooled
 * connection of this process, and everyone else's requests find the pool free.
 */
export class PerOwnerQueue {
  /** Per owner, the promise the next arrival waits for: the end of the last one's turn. */
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(owner: string, deadline: number, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(owner) ?? Promise.resolve();
    let endTurn!: () => void;
    const turnEnded = new Promise<void>((done) => (endTurn = done));
    // The next arrival waits for everyone before this one as well as for this one's turn.
    const tail = before.then(() => turnEnded);
    this.tails.set(owner, tail);
    try {
      await untilDeadline(before, deadline);
      return await task();
    } finally {
      endTurn();
      if (this.tails.get(owner) === tail) this.tails.delete(owner);
    }
  }

  /** Owners with a task running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}

function untilDeadline(turn: Promise<void>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new DatabaseBusyError('Gave up waiting for the earlier requests of the same user')), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([turn, expired]).finally(() => clearTimeout(timer));
}
