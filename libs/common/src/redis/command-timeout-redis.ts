import { Redis, type RedisOptions } from 'ioredis';

type SendCommand = Redis['sendCommand'];

/** A command was sent but not answered in time: Redis may still carry it out later. */
export class RedisCommandTimeoutError extends Error {
  constructor() {
    super('Command timed out');
    this.name = 'RedisCommandTimeoutError';
  }
}

/** ioredis options for the default (RESP2-style) replies; `commandTimeout` is replaced, see below. */
export type LegacyRedisOptions = RedisOptions & { replyMapping?: 'legacy' };

/**
 * ioredis with a command timeout that only a silent server trips. ioredis' own `commandTimeout`
 * rejects as soon as its timer is due; after a stall of the process (a long GC pause, a starved
 * CPU) timers run before pending socket reads, so a reply that arrived during the stall was
 * thrown away and a healthy Redis answered 503. Here a due timer first lets the event loop read
 * what has arrived (`setImmediate` runs after the poll phase), and fails the command only if it
 * is still unanswered.
 */
export class CommandTimeoutRedis extends Redis {
  /** @param options - ioredis options, without `commandTimeout` (this class's `commandTimeoutMs` replaces it) */
  constructor(
    url: string,
    options: LegacyRedisOptions,
    private readonly commandTimeoutMs: number,
  ) {
    super(url, options);
  }

  override sendCommand(...[command, stream]: Parameters<SendCommand>): ReturnType<SendCommand> {
    const sent = super.sendCommand(command, stream);
    if (command.isSettled) return sent;
    const timer = setTimeout(() => {
      setImmediate(() => {
        if (!command.isSettled) command.reject(new RedisCommandTimeoutError());
      });
    }, this.commandTimeoutMs);
    const clear = () => clearTimeout(timer);
    command.promise.then(clear, clear);
    return sent;
  }
}
