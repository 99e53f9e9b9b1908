import type { Type } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import type { ContextName } from '../config/contexts.js';
import type { FacadePatterns } from '../contracts/call-context.js';
import type { StreamingMethods } from '../contracts/facade-contract.js';

/** How an app reaches one context: its facade token, its message patterns and its in-process module. */
export interface ContextBinding<F> {
  context: ContextName;
  /** The facade's injection token, e.g. `AUTH_FACADE`. */
  token: symbol;
  patterns: FacadePatterns<F>;
  /** The context's composition module (`apps/<context>/src/<context>.context.ts`); it exports `token`. */
  local: Type<unknown>;
  /**
   * Upper bound of one remote call to this context; default `REMOTE_CALL_TIMEOUT_MS`. For
   * contexts whose work is slow by nature (ai waits for a model), with the edge granting such
   * requests a matching deadline.
   */
  callTimeoutMs?: (config: AppConfig) => number;
  /** The methods that return an Observable: remotely, a stream of signed replies per call. */
  streaming?: StreamingMethods<F>;
  /** Longest silence between two items of a stream; default `REMOTE_CALL_TIMEOUT_MS`. */
  streamIdleTimeoutMs?: (config: AppConfig) => number;
}
