import type { CallContext } from '../contracts/call-context.js';

/** Proof that a message comes from a trusted service (see ServiceCredentials). */
export interface ServiceCredential {
  /** Name of the sending app, e.g. `gateway`. */
  service: string;
  /** Epoch ms when it was signed; old messages are refused. */
  issuedAt: number;
  /** base64url HMAC-SHA256 over pattern, service, issuedAt, payload and call context. */
  signature: string;
}

/** What a remote facade call sends: the method's input, the call context and the credential. */
export interface MessageEnvelope<I = unknown> {
  payload: I;
  call: CallContext;
  credential: ServiceCredential;
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
}

export function isWireProblem(value: unknown): value is WireProblem {
  if (typeof value !== 'object' || value === null || !('ficusProblem' in value)) return false;
  const problem = (value as WireProblem).ficusProblem;
  return typeof problem === 'object' && problem !== null && typeof problem.status === 'number' && typeof problem.type === 'string';
}
