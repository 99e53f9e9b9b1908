/**
 * Polls `probe` until it resolves without throwing, and returns its value; after `timeoutMs`
 * rethrows the last failure. For states that settle at their own pace (a server coming back,
 * a client reconnecting): assert on the state reached, never on a fixed sleep.
 */
export async function eventually<T>(probe: () => T | Promise<T>, { timeoutMs = 10_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((done) => setTimeout(done, intervalMs));
    }
  }
}
