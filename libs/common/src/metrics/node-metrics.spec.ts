import { collectDefaultMetrics, Registry } from 'prom-client';
import { completeNodeMetrics, memoryLimitBytes } from './node-metrics.js';

describe('Node.js metrics', () => {
  it('drops the default gauges named like counters and keeps their per-type gauges', async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    completeNodeMetrics(registry);
    const names = (await registry.getMetricsAsJSON()).map((metric) => metric.name);
    expect(names.filter((name) => name.endsWith('_total') && registry.getSingleMetric(name)?.constructor.name !== 'Counter')).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['nodejs_active_handles', 'nodejs_active_resources', 'process_cpu_seconds_total', 'ficus_memory_limit_bytes']));
  });

  it('takes the container limit as the memory limit, else the machine memory', () => {
    const gib = 1024 ** 3;
    expect(memoryLimitBytes(gib / 2, 16 * gib)).toBe(gib / 2);
    expect(memoryLimitBytes(0, 16 * gib)).toBe(16 * gib);
    expect(memoryLimitBytes(2 ** 64, 16 * gib)).toBe(16 * gib);
  });
});
