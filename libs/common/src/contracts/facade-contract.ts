import type { FacadePatterns } from './call-context.js';

/** A request class of a contract: class-validator rules on its properties (see the contexts' `*.requests.ts`). */
export type RequestClass = abstract new (...args: never[]) => object;

/**
 * The request class of each facade method: what its input is validated against, in-process and
 * remotely alike. `null` for methods that take no input (`EmptyRequest`): their input is only
 * scanned for what no input may hold (depth, NUL, lone surrogates).
 */
export type FacadeRequests<F> = { readonly [K in keyof F]: RequestClass | null };

/** The facade methods that stream (a map rather than a list, so any contract fits `FacadeContract<unknown>`). */
export type StreamingMethods<F> = { readonly [K in keyof F]?: true };

/**
 * What the platform needs to know of a context's facade to serve it, in-process or over a
 * transport, through the same call pipeline: its token, the message pattern and request class
 * of each method, and which methods stream.
 */
export interface FacadeContract<F> {
  /** The context's name, e.g. `todos`. */
  readonly context: string;
  /** The facade's injection token, e.g. `TODOS_FACADE`. */
  readonly token: symbol;
  readonly patterns: FacadePatterns<F>;
  readonly requests: FacadeRequests<F>;
  /** The methods that return an Observable (a stream of answers) rather than a Promise. */
  readonly streaming?: StreamingMethods<F>;
}
