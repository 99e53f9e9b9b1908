import { Injectable } from '@nestjs/common';

/** How long one readiness check may take before it counts as failed. */
export const READINESS_CHECK_TIMEOUT_MS = 2000;

/** Probes a dependency; resolves with optional details when it is usable, rejects when not. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<Record<string, unknown> | void>;

/**
 * Dependencies that must be reachable for the app to take traffic. Modules register their own
 * check (database, Redis, remote contexts, …) so `/ready` needs no knowledge of them.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`Readiness check "${name}" is already registered`);
    this.checks.set(name, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }

  /** Called once shutdown starts: from then on the app reports itself not ready. */
  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }
}
