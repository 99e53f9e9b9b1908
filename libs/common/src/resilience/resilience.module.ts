import { Global, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ResilienceRegistry } from '@ficus/resilience';
import { register } from 'prom-client';
import { ReadinessRegistry } from '../health/readiness.registry.js';

/** Name of the `/ready` entry that lists every breaker of the app. */
export const BREAKERS_READINESS_CHECK = 'circuit-breakers';

/**
 * One `ResilienceRegistry` per app, injectable everywhere: the policies (breaker, retry,
 * timeout, bulkhead) of its outbound dependencies, registered by their owners with options
 * from config (`context:<name>` by the remote context clients, `llm` by the ai context).
 * Metrics go to prom-client's default registry (`ficus_circuit_breaker_*`, `ficus_retries_total`,
 * labelled with the app); the registry is built when the app is instantiated, after the
 * metrics module emptied the registry, so its metrics survive. `/ready` shows every breaker's
 * state as information: an open breaker of an optional dependency never fails readiness (the
 * checks of required ones do that).
 */
@Global()
@Module({
  providers: [{ provide: ResilienceRegistry, useFactory: () => new ResilienceRegistry({ registry: register }) }],
  exports: [ResilienceRegistry],
})
export class ResilienceModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly resilience: ResilienceRegistry,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    // Reported, never failing: the snapshot is read at probe time, so late registrations show too.
    this.readiness.register(BREAKERS_READINESS_CHECK, async () => this.resilience.snapshot());
  }

  onApplicationShutdown(): void {
    this.resilience.shutdown();
  }
}
