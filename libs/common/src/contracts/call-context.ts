/**
 * The code of a call without the user it needs, wherever that is found (the edge, a context's
 * `requireCaller`): `AUTH_ERRORS.unauthenticated` in the auth contract; clients switch on it.
 */
export const CALLER_UNAUTHENTICATED = 'auth.unauthenticated';

/** Who is calling a facade: the authenticated user as the edge verified them. */
export interface CallerIdentity {
  /** The auth user id (uuid). */
  userId: string;
  roles: string[];
  /** The session (`sid` claim) the access token belongs to. */
  sessionId: string;
}

/**
 * What travels with every facade call, in-process and over a transport alike: the request id
 * (for logs in every app), the caller's identity, and the deadline after which the answer is
 * no longer wanted. Facades never read HTTP requests; the edge builds this once.
 */
export interface CallContext {
  /** The request id: the client's `x-request-id` when it sent a usable one, for logs only. */
  requestId: string;
  /**
   * A random id the edge gives each request; unlike the request id no client chooses it. Work
   * is cancelled by it, and only for the same caller (see CallCancellations).
   */
  callId: string;
  /** Absolute time in epoch milliseconds; work past it is abandoned with 504. */
  deadline: number;
  /** Absent on anonymous calls (register, login, …). */
  caller?: CallerIdentity;
  /** The client's address as the edge saw it (for abuse controls such as login throttling). */
  clientIp?: string;
  /**
   * The edge's word that it made this call context (caller included), per context app that may
   * receive it: base64url HMACs a context app checks before it acts for a caller, whoever sent
   * the message. Added by the edge's remote clients as the context leaves its process; apps
   * pass it on unchanged (see CallerAttestations).
   */
  attestations?: Readonly<Record<string, string>>;
  /**
   * Aborts when nobody wants the answer any more (the client left). In this process only: it
   * never travels; a remote facade turns it into a cancel message to the context.
   */
  signal?: AbortSignal;
}

/**
 * The shape every facade method has: one input object and the call context, resolving to a
 * JSON-safe value (strings for dates, no class instances), so a remote adapter can serve it
 * unchanged and both adapters return identical JSON.
 */
export type FacadeMethod<I = never, O = unknown> = (input: I, call: CallContext) => Promise<O>;

/** A facade: named methods of the shape above. */
export type Facade<F> = { [K in keyof F]: F[K] extends FacadeMethod<infer I, infer O> ? FacadeMethod<I, O> : never };

/** The message pattern of every facade method, e.g. `{ login: 'auth.login' }`. */
export type FacadePatterns<F> = { readonly [K in keyof F]: string };

/** Input of facade methods that take none (not a class: there is nothing to validate). */
export type EmptyRequest = Record<string, never>;
