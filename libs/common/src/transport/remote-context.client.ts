import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { BulkheadRejectedError, CircuitOpenError, TimeoutError, type ResilienceRegistry } from '@ficus/resilience';
import type { PinoLogger } from 'nestjs-pino';
import { catchError, lastValueFrom, throwError, timeout } from 'rxjs';
import type { ContextName } from '../config/contexts.js';
import type { ResilienceSettings } from '../config/resilience.settings.js';
import type { CallContext } from '../contracts/call-context.js';
import type { ReadinessRegistry } from '../health/readiness.registry.js';
import { contextDependencyName, contextDependencyOptions } from '../resilience/context-dependency.js';
import { isSignedReply, isWireProblem, replyPattern, type ServiceCredential, type WireProblem } from './message-envelope.js';
import type { MessageClient } from './message-client.js';
import type { ServiceCredentials } from './service-credentials.js';
import { contextTimeout, contextUnavailable, remoteCallError } from './transport-errors.js';
import { pingPattern } from './transport-options.js';

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
  /** Upper bound of one call; the caller's deadline may shorten it. */
  timeoutMs: number;
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

  async call<O>(pattern: string, input: unknown, call: CallContext): Promise<O> {
    // An expired deadline says nothing about the context: it never reaches the breaker.
    if (call.deadline <= Date.now()) throw contextTimeout(this.context);
    try {
      return await this.deps.resilience.call(this.dependency, () => this.send<O>(pattern, input, call));
    } catch (error) {
      throw this.failure(error, pattern);
    }
  }

  onModuleInit(): void {
    // The gateway is ready only if every context it calls remotely answers a signed ping. The
    // ping bypasses the breaker: it must see the context as it is now, and probes must not
    // trip the breaker of real traffic.
    this.deps.readiness.register(`context:${this.context}`, async () => {
      const requestId = `readiness-${Date.now()}`;
      try {
        return await this.send<Record<string, unknown>>(pingPattern(this.context), {}, { requestId, deadline: Date.now() + PING_TIMEOUT_MS });
      } catch (error) {
        throw remoteCallError(error, this.context);
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }

  /** One signed message and its reply, failing with the transport's own error. */
  private async send<O>(pattern: string, input: unknown, call: CallContext): Promise<O> {
    const budget = Math.min(this.deps.timeoutMs, call.deadline - Date.now());
    if (budget <= 0) throw contextTimeout(this.context);
    const payload = input ?? {};
    const subject = this.deps.subject?.(pattern) ?? pattern;
    const envelope = { payload, call, credential: this.deps.credentials.sign(subject, payload, call) };
    const replies = this.proxy.send<unknown>(pattern, envelope).pipe(
      timeout(budget),
      catchError((error: unknown) => throwError(() => (isWireProblem(error) ? this.trusted(subject, call, error) : error))),
    );
    const reply = await lastValueFrom(replies, { defaultValue: undefined });
    if (!isSignedReply(reply)) throw new UntrustedReplyError(this.context, 'an unsigned reply');
    this.verify(subject, call, reply.ficusReply, reply.credential);
    // Void methods answer null; the facade's callers expect undefined, as in-process.
    return (reply.ficusReply ?? undefined) as O;
  }

  /** A problem is raised again only if the context signed it; anything else is a transport failure. */
  private trusted(pattern: string, call: CallContext, problem: WireProblem): WireProblem {
    this.verify(pattern, call, problem.ficusProblem, problem.credential);
    return problem;
  }

  private verify(pattern: string, call: CallContext, body: unknown, credential: ServiceCredential | undefined): void {
    try {
      this.deps.credentials.verify(replyPattern(pattern), body, call, credential);
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
    // The caller sees a generic 503/504; the reason (refused, no responders, …) goes to the log.
    if (problem.getStatus() >= 503) this.deps.logger.warn({ err: error, pattern }, `Remote call to ${this.context} failed`);
    return problem;
  }
}
