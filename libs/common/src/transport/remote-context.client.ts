import { randomUUID } from 'node:crypto';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { BulkheadRejectedError, CircuitOpenError, TimeoutError, type ResilienceRegistry } from '@ficus/resilience';
import type { PinoLogger } from 'nestjs-pino';
import { catchError, fromEvent, lastValueFrom, map, NEVER, Observable, takeUntil, throwError, timeout, type Subscription } from 'rxjs';
import type { ContextName } from '../config/contexts.js';
import type { ResilienceSettings } from '../config/resilience.settings.js';
import type { CallContext } from '../contracts/call-context.js';
import { ProblemException } from '../errors/problem.exception.js';
import type { ReadinessRegistry } from '../health/readiness.registry.js';
import { MESSAGING_MESSAGE_ID, tracedSend, type MessagingSystem, type TraceCarrier } from '../tracing/message-tracing.js';
import { contextDependencyName, contextDependencyOptions } from '../resilience/context-dependency.js';
import { isSignedReply, isWireProblem, problemPattern, replyPattern, type MessageEnvelope, type ServiceCredential, type WireProblem } from './message-envelope.js';
import type { MessageClient } from './message-client.js';
import { NatsDisconnectedError } from './nats-link.js';
import type { ServiceCredentials } from './service-credentials.js';
import { contextTimeout, contextUnavailable, remoteCallError } from './transport-errors.js';
import { cancelPattern, pingPattern } from './transport-options.js';

/** A reply this app cannot trust: treated like no reply at all (503), and logged. */
export class UntrustedReplyError extends Error {
  constructor(context: ContextName, what: string) {
    super(`The ${context} context answered with ${what}`);
    this.name = 'UntrustedReplyError';
  }
}

/** A readiness ping must be cheap and quick, whatever the call timeout is. */
const PING_TIMEOUT_MS = 2000;

/** What a remote context client needs besides its transport. */
export interface RemoteContextClientDeps {
  credentials: ServiceCredentials;
  /** The subject a pattern travels under (NATS_SUBJECT_PREFIX), which is what both sides sign. */
  subject?: (pattern: string) => string;
  /** The transport, as the `messaging.system` of the calls' spans (default `nats`). */
  system?: MessagingSystem;
  /** Upper bound of one call; the caller's deadline may shorten it. */
  timeoutMs: number;
  /** Longest silence between two items of a streamed reply (within the call's bound). */
  streamIdleTimeoutMs?: number;
  readiness: ReadinessRegistry;
  logger: PinoLogger;
  resilience: ResilienceRegistry;
  /** Breaker settings (`CONTEXT_BREAKER_*`). */
  config: ResilienceSettings;
}

/**
 * Calls one remote context: signs each message, bounds it by the smaller of the configured
 * timeout and the caller's deadline, and turns every failure into the problem the edge shows.
 * Calls pass the context's circuit breaker (`context:<name>`): once transport failures pile
 * up, further calls fail at once with 503 instead of each waiting for its timeout.
 */
export class RemoteContextClient implements OnModuleInit, OnApplicationShutdown {
  private readonly dependency: string;

  constructor(
    readonly context: ContextName,
    private readonly proxy: MessageClient,
    private readonly deps: RemoteContextClientDeps,
  ) {
    this.deps.logger.setContext(RemoteContextClient.name);
    this.dependency = contextDependencyName(context);
    deps.resilience.register(this.dependency, contextDependencyOptions(deps.config, deps.timeoutMs));
  }

  /**
   * One call and its answer. When `call.signal` aborts first (the client left), the call fails
   * at once with the signal's reason, the breaker does not count it, and the context is told to
   * stop the work (a cancel, as for streams).
   */
  async call<O>(pattern: string, input: unknown, call: CallContext): Promise<O> {
    const { signal } = call;
    const wire = this.onTheWire(call);
    // Nobody wants the answer any more: nothing to send.
    signal?.throwIfAborted();
    // An expired deadline says nothing about the context: it never reaches the breaker.
    if (wire.deadline <= Date.now()) throw contextTimeout(this.context);
    try {
      return await this.deps.resilience.call(this.dependency, (attempt) => this.send<O>(pattern, input, wire, attempt), { signal });
    } catch (error) {
      if (!signal?.aborted) throw this.failure(error, pattern);
      // The context would go on working for nobody: tell it (every instance hears it).
      this.cancelRemote(wire);
      throw signal.reason;
    }
  }

  /**
   * A streaming method: the context answers with several signed messages, each verified (its
   * position included) before it is passed on. The whole stream is bounded like one call (the
   * configured timeout and the caller's deadline), and the silence between two items by the idle
   * timeout. A failure, also mid-stream, is the problem the edge shows, as for `call`.
   *
   * The start of a stream passes the breaker like a call: while it is open the stream fails at
   * once (503, nothing sent), and a stream that never starts (no responder, silence, an
   * untrusted first item) counts as a failure. Once the first item is in, the context has
   * answered; how long the rest takes is the model's business, not the transport's.
   */
  stream<O>(pattern: string, input: unknown, inProcessCall: CallContext): Observable<O> {
    // Unsubscribing is how a stream's caller leaves; a signal has nothing to add.
    const call = this.onTheWire(inProcessCall);
    return new Observable<O>((subscriber) => {
      const budget = Math.min(this.deps.timeoutMs, call.deadline - Date.now());
      // An expired deadline says nothing about the context: it never reaches the breaker.
      if (budget <= 0) return subscriber.error(contextTimeout(this.context));
      // Set when the stream has ended either way; a teardown before that is the caller leaving.
      let ended = false;
      const end = (error?: unknown): void => {
        ended = true;
        if (error === undefined) subscriber.complete();
        else subscriber.error(error);
      };
      const fail = (error: unknown) => end(error instanceof ProblemException ? error : this.failure(error, pattern));
      // Set once the context has answered (an item, or the end): from then on the breaker has its verdict.
      let answered = false;
      let expired = false;
      // A started stream ends within the budget, however steadily items arrive. Until the first
      // item, the wait for it is bounded by the same budget inside the breaker's call, which counts it.
      const expiry = setTimeout(() => {
        expired = true;
        if (answered) end(contextTimeout(this.context));
      }, budget);
      const cancel = new AbortController();
      let items: Subscription | undefined;
      const started = this.deps.resilience.call(
        this.dependency,
        (signal) =>
          new Promise<void>((resolve, reject) => {
            signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
            items = this.verifiedItems<O>(pattern, input, call, budget).subscribe({
              next: (item) => {
                const first = !answered;
                answered = true;
                resolve();
                // A first item landing just after the budget ran out (the two timers race) still ends it.
                if (first && expired) return end(contextTimeout(this.context));
                subscriber.next(item);
              },
              // Before the context answered, the failure is the start's (and the breaker's); after, the caller's only.
              error: (error: unknown) => (answered ? fail(error) : reject(error)),
              complete: () => {
                answered = true;
                resolve();
                end();
              },
            });
          }),
        { signal: cancel.signal },
      );
      started.catch((error: unknown) => {
        items?.unsubscribe();
        // The caller left before the context answered: nobody to tell, nothing to log.
        if (!cancel.signal.aborted) fail(error);
      });
      return () => {
        clearTimeout(expiry);
        // A caller leaving before the context answered is no failure of the context; once it has
        // answered (also right before a quick end), the breaker's verdict must stand.
        if (!answered) cancel.abort(new Error('The caller cancelled the stream'));
        items?.unsubscribe();
        // The context would go on working for nobody: tell it (every instance hears it).
        if (!ended) this.cancelRemote(call);
      };
    });
  }

  onModuleInit(): void {
    // The gateway is ready only if every context it calls remotely answers a signed ping. The
    // ping bypasses the breaker: it must see the context as it is now, and probes must not
    // trip the breaker of real traffic.
    this.deps.readiness.register(`context:${this.context}`, async () => {
      const requestId = `readiness-${Date.now()}`;
      try {
        return await this.send<Record<string, unknown>>(pingPattern(this.context), {}, { requestId, callId: randomUUID(), deadline: Date.now() + PING_TIMEOUT_MS });
      } catch (error) {
        throw remoteCallError(error, this.context);
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }

  /** Asks the context to stop the work of `call` (see CallCancellations); best effort. */
  private cancelRemote(call: CallContext): void {
    const pattern = cancelPattern(this.context);
    this.proxy.emit(pattern, this.envelope(pattern, {}, call)).subscribe({
      error: (error: unknown) => this.deps.logger.debug({ err: error, requestId: call.requestId }, `Could not cancel a stream of ${this.context}`),
    });
  }

  /** One signed message and its reply, failing with the transport's own error; given up (unsubscribed) when `signal` aborts. */
  private async send<O>(pattern: string, input: unknown, call: CallContext, signal?: AbortSignal): Promise<O> {
    const budget = Math.min(this.deps.timeoutMs, call.deadline - Date.now());
    if (budget <= 0) throw contextTimeout(this.context);
    const replies = this.messages(pattern, input, call).pipe(timeout(budget), takeUntil(signal ? fromEvent(signal, 'abort') : NEVER));
    const reply = await lastValueFrom(replies, { defaultValue: undefined });
    if (!isSignedReply(reply)) throw new UntrustedReplyError(this.context, 'an unsigned reply');
    this.verify(replyPattern(this.subjectOf(pattern)), call, reply.ficusReply, reply.credential);
    // Void methods answer null; the facade's callers expect undefined, as in-process.
    return (reply.ficusReply ?? undefined) as O;
  }

  /** A stream's items, each verified at its position; the first may take the budget, later ones the idle timeout. */
  private verifiedItems<O>(pattern: string, input: unknown, call: CallContext, budget: number): Observable<O> {
    const idle = Math.min(budget, this.deps.streamIdleTimeoutMs ?? budget);
    return this.messages(pattern, input, call).pipe(
      timeout({ first: budget, each: idle }),
      map((reply, index) => {
        if (!isSignedReply(reply)) throw new UntrustedReplyError(this.context, 'an unsigned reply');
        this.verify(replyPattern(this.subjectOf(pattern), index), call, reply.ficusReply, reply.credential);
        return reply.ficusReply as O;
      }),
    );
  }

  /**
   * The signed message on the transport, and what comes back; a signed problem is raised as such.
   * When tracing, the message and its replies are one `send` span, whose context the envelope carries.
   */
  private messages(pattern: string, input: unknown, call: CallContext): Observable<unknown> {
    const subject = this.subjectOf(pattern);
    const facts = { system: this.deps.system ?? 'nats', destination: subject, requestId: call.requestId };
    return tracedSend(facts, (trace, span) => {
      const envelope = this.envelope(pattern, input ?? {}, call, trace);
      span?.setAttribute(MESSAGING_MESSAGE_ID, envelope.credential.id);
      return this.proxy
        .send<unknown>(pattern, envelope)
        .pipe(catchError((error: unknown) => throwError(() => (isWireProblem(error) ? this.trusted(subject, call, error) : error))));
    });
  }

  /** A message as it travels: the input, the call context, the trace context when tracing, and this app's signature over them. */
  private envelope(pattern: string, payload: unknown, call: CallContext, trace?: TraceCarrier): MessageEnvelope {
    // A context's app is named after it: the message is for that app.
    const credential = this.deps.credentials.sign(this.context, this.subjectOf(pattern), payload, call, trace);
    return trace ? { payload, call, credential, trace } : { payload, call, credential };
  }

  /**
   * The call context as it travels: everything but the in-process signal; at the edge, with its
   * word for the caller to this context and those it calls (computed here, once per call, as
   * only a call leaving the process needs it).
   */
  private onTheWire({ signal: _inProcessOnly, ...call }: CallContext): CallContext {
    return this.deps.credentials.callers.vouch(call, this.context);
  }

  /** The subject a pattern travels under (NATS_SUBJECT_PREFIX): what both sides sign. */
  private subjectOf(pattern: string): string {
    return this.deps.subject?.(pattern) ?? pattern;
  }

  /** A problem is raised again only if the context signed it; anything else is a transport failure. */
  private trusted(subject: string, call: CallContext, problem: WireProblem): WireProblem {
    this.verify(problemPattern(subject), call, problem.ficusProblem, problem.credential);
    return problem;
  }

  private verify(signedAs: string, call: CallContext, body: unknown, credential: ServiceCredential | undefined): void {
    try {
      this.deps.credentials.verify(signedAs, body, call, credential, this.context);
    } catch {
      throw new UntrustedReplyError(this.context, 'a reply with an invalid signature');
    }
  }

  private failure(error: unknown, pattern: string): unknown {
    if (error instanceof CircuitOpenError || error instanceof BulkheadRejectedError) {
      const retryAfterMs = error instanceof CircuitOpenError ? error.retryAfterMs : 1000;
      return contextUnavailable(this.context, Math.max(1, Math.ceil(retryAfterMs / 1000)));
    }
    if (error instanceof TimeoutError) return contextTimeout(this.context);
    const problem = remoteCallError(error, this.context);
    // The caller sees a generic 503/504; the reason (refused, no responders, …) goes to the log,
    // except for a lost NATS connection, whose loss and return its link logs once.
    if (problem.getStatus() >= 503 && !(error instanceof NatsDisconnectedError)) this.deps.logger.warn({ err: error, pattern }, `Remote call to ${this.context} failed`);
    return problem;
  }
}
