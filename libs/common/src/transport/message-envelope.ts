import type { CallContext } from '../contracts/call-context.js';
import type { TraceCarrier } from '../tracing/message-tracing.js';

/** Proof that a message comes from a known app, for the app receiving it (see ServiceCredentials). */
export interface ServiceCredential {
  /** Name of the sending app, e.g. `gateway`. */
  service: string;
  /** Epoch ms when it was signed; old messages are refused. */
  issuedAt: number;
  /** Random id of this message: a receiver accepts each id once (see ReplayCache). */
  id: string;
  /** base64url HMAC-SHA256, under the key of the sender's link to the receiver, over pattern, service, issuedAt, id, payload, call context and trace context (when there is one). */
  signature: string;
}

/** What a remote facade call sends: the method's input, the call context and the credential. */
export interface MessageEnvelope<I = unknown> {
  payload: I;
  call: CallContext;
  credential: ServiceCredential;
  /**
   * The sender's W3C trace context when it traces (absent otherwise). Covered by the credential's
   * signature, so a receiver continues only a trace the sending app started.
   */
  trace?: TraceCarrier;
}

/** How a handler's failure travels back: the problem, ready to be raised again by the caller. */
export interface WireProblem {
  ficusProblem: {
    status: number;
    type: string;
    title: string;
    detail?: string;
    code?: string;
    errors?: { field: string; messages: string[] }[];
    retryAfterSeconds?: number;
  };
  /** The answering app's signature over the problem, bound to the request's call context. */
  credential?: ServiceCredential;
}

/** How a handler's result travels back: signed, so a caller acts only on a trusted app's answer. */
export interface SignedReply {
  /** The facade method's result; `null` for methods that return nothing. */
  ficusReply: unknown;
  credential: ServiceCredential;
}

/**
 * What replies are signed as: the request's pattern marked as an answer, never valid as a
 * request. Items of a streamed reply after the first also carry their position, so that no
 * item can be replayed, dropped or moved within the stream unnoticed.
 */
export function replyPattern(pattern: string, index = 0): string {
  return index === 0 ? `${pattern}#reply` : `${pattern}#reply.${index}`;
}

/**
 * What problems (error replies) are signed as: a label of their own, so that an app's signature
 * over a problem can never pass as its signature over a result.
 */
export function problemPattern(pattern: string): string {
  return `${pattern}#problem`;
}

export function isSignedReply(value: unknown): value is SignedReply {
  return typeof value === 'object' && value !== null && 'ficusReply' in value && 'credential' in value;
}

export function isWireProblem(value: unknown): value is WireProblem {
  if (typeof value !== 'object' || value === null || !('ficusProblem' in value)) return false;
  const problem = (value as WireProblem).ficusProblem;
  return typeof problem === 'object' && problem !== null && typeof problem.status === 'number' && typeof problem.type === 'string';
}
