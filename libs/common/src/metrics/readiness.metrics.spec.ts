import { Registry } from 'prom-client';
import { READINESS_CHECK_TIMEOUT_MS, ReadinessRegistry } from '../health/readiness.registry.js';
import { ReadinessMetrics } from './readiness.metrics.js';

describe('ReadinessMetrics', () => {
  let registry: Registry;
  let readiness: ReadinessRegistry;
  let metrics: ReadinessMetrics;

  beforeEach(() => {
    registry = new Registry();
    readiness = new ReadinessRegistry();
    metrics = new ReadinessMetrics(readiness, registry);
  });
  afterEach(() => registry.clear());

  const scrape = async (): Promise<Record<string, number>> => {
    expect(metrics).toBeInstanceOf(ReadinessMetrics);
    const values: Record<string, number> = {};
    for (const metric of await registry.getMetricsAsJSON()) {
      for (const sample of metric.values) values[sample.labels.check ? `${metric.name}{${sample.labels.check}}` : metric.name] = sample.value;
    }
    return values;
  };

  it('is ready while every check passes, and says which check fails', async () => {
    let databaseUp = true;
    readiness.register('database', async () => {
      if (!databaseUp) throw new Error('ECONNREFUSED');
    });
    readiness.register('circuit-breakers', async () => ({ llm: 'open' }));
    expect(await scrape()).toEqual({ ficus_ready: 1, 'ficus_readiness_check{database}': 1, 'ficus_readiness_check{circuit-breakers}': 1 });
    databaseUp = false;
    expect(await scrape()).toEqual({ ficus_ready: 0, 'ficus_readiness_check{database}': 0, 'ficus_readiness_check{circuit-breakers}': 1 });
  });

  it('counts a check that hangs as failed once the readiness timeout passed, and runs the checks once per scrape', async () => {
    jest.useFakeTimers();
    try {
      let runs = 0;
      readiness.register('redis', () => {
        runs += 1;
        return new Promise<never>(() => undefined);
      });
      const scraped = scrape();
      await jest.advanceTimersByTimeAsync(READINESS_CHECK_TIMEOUT_MS);
      expect(await scraped).toEqual({ ficus_ready: 0, 'ficus_readiness_check{redis}': 0 });
      expect(runs).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('is not ready while draining, whatever the checks say', async () => {
    readiness.register('database', async () => undefined);
    readiness.startDraining();
    expect(await scrape()).toEqual({ ficus_ready: 0, 'ficus_readiness_check{database}': 1 });
  });
});
