import { totalmem } from 'node:os';
import { Gauge, type Registry } from 'prom-client';

/**
 * prom-client's totals of its per-type gauges, named like counters (`_total`), which
 * `promtool check metrics` rejects. Their values are `sum without (type) (nodejs_active_handles)`
 * and the like, so nothing is lost by dropping them (prom-client's own maintainers want them gone).
 */
const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Name of the gauge of the memory the process may use (see {@link memoryLimitBytes}). */
export const MEMORY_LIMIT_METRIC = 'ficus_memory_limit_bytes';

/**
 * The memory this process may use: its container's (cgroup) limit, or the machine's memory when
 * there is none (Node reports "no limit" as 0 or as a huge number).
 */
export function memoryLimitBytes(constrained = process.constrainedMemory(), machine = totalmem()): number {
  return constrained > 0 && constrained < machine ? constrained : machine;
}

/**
 * Tidies prom-client's default Node.js metrics on `registry` (standard names, no prefix) and adds
 * the memory limit next to `process_resident_memory_bytes`, so an alert can compare the two
 * without knowing where the app runs.
 */
export function completeNodeMetrics(registry: Registry): void {
  for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  const limit: Gauge = new Gauge({
    name: MEMORY_LIMIT_METRIC,
    help: 'Memory the process may use in bytes: its container (cgroup) limit, else the machine memory',
    registers: [],
    collect: (): void => limit.set(memoryLimitBytes()),
  });
  registry.registerMetric(limit);
}
