import { Injectable } from '@nestjs/common';
import { Counter, Histogram, register } from 'prom-client';
import type { ChatUsage } from './llm/chat-types.js';

/** Why the rules helper answered instead of the model (label of the fallbacks counter). */
export type FallbackReason = 'circuit_open' | 'busy' | 'timeout' | 'upstream';

// Built when the app is instantiated, after the platform emptied the registry; an app booted
// again in the same process (tests) finds its metric there and reuses it.
function metric<M>(name: string, create: () => M, isSame: (found: unknown) => found is M): M {
  const found = register.getSingleMetric(name);
  return found !== undefined && isSame(found) ? found : create();
}

/** Names of the ai context's series: the same wherever the context runs (the app is a label). */
export const AI_METRICS = {
  upstreamSeconds: 'ficus_ai_upstream_request_duration_seconds',
  tokens: 'ficus_ai_tokens_total',
  fallbacks: 'ficus_ai_fallbacks_total',
} as const;

/**
 * The ai context's own metrics: latency of each upstream request, tokens the upstream reports
 * using, and answers served by the fallback. Breaker states and attempt outcomes come from the
 * resilience registry.
 */
@Injectable()
export class AiMetrics {
  private readonly upstreamSeconds: Histogram<'operation' | 'outcome'>;
  private readonly tokens: Counter<'kind' | 'model'>;
  private readonly fallbacks: Counter<'reason'>;

  constructor() {
    const { upstreamSeconds: upstreamName, tokens: tokensName, fallbacks: fallbacksName } = AI_METRICS;
    this.upstreamSeconds = metric(upstreamName, () => new Histogram({
      name: upstreamName,
      help: 'Duration of requests to the model API in seconds (each attempt), by operation and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60],
      registers: [register],
    }), (found): found is Histogram<'operation' | 'outcome'> => found instanceof Histogram);
    this.tokens = metric(tokensName, () => new Counter({
      name: tokensName,
      help: 'Tokens the model API reported using, by kind (prompt, completion) and model',
      labelNames: ['kind', 'model'],
      registers: [register],
    }), (found): found is Counter<'kind' | 'model'> => found instanceof Counter);
    this.fallbacks = metric(fallbacksName, () => new Counter({
      name: fallbacksName,
      help: 'AI answers served by the rules helper because the model was unavailable, by reason',
      labelNames: ['reason'],
      registers: [register],
    }), (found): found is Counter<'reason'> => found instanceof Counter);
  }

  /** Runs one upstream request and records how long it took and whether it succeeded. */
  async timeUpstream<T>(operation: string, request: () => Promise<T>): Promise<T> {
    const stop = this.upstreamSeconds.startTimer({ operation });
    try {
      const result = await request();
      stop({ outcome: 'success' });
      return result;
    } catch (error) {
      stop({ outcome: 'failure' });
      throw error;
    }
  }

  countTokens(model: string, usage: ChatUsage | undefined): void {
    if (!usage) return;
    this.tokens.inc({ kind: 'prompt', model }, usage.promptTokens);
    this.tokens.inc({ kind: 'completion', model }, usage.completionTokens);
  }

  countFallback(reason: FallbackReason): void {
    this.fallbacks.inc({ reason });
  }
}
