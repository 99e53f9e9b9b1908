import type { CallContext, FacadePatterns } from '../contracts/call-context.js';
import type { StreamingMethods } from '../contracts/facade-contract.js';
import type { RemoteContextClient } from './remote-context.client.js';

/**
 * A remote facade: each method sends its input to the method's pattern and awaits the reply;
 * a streaming method passes on the stream of replies instead.
 */
export function createRemoteFacade<F>(patterns: FacadePatterns<F>, client: RemoteContextClient, streaming: StreamingMethods<F> = {}): F {
  const streams = new Set(Object.keys(streaming));
  const entries = Object.entries<string>(patterns).map(([method, pattern]) => [
    method,
    streams.has(method)
      ? (input: unknown, call: CallContext) => client.stream(pattern, input, call)
      : (input: unknown, call: CallContext) => client.call(pattern, input, call),
  ]);
  return Object.fromEntries(entries) as F;
}
