import type { DynamicModule } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import { httpDurationHistogram } from './http-metrics.js';
import { MetricsController } from './metrics.controller.js';

/** Turns an app name into a Prometheus-safe prefix: `gateway` → `ficus_gateway_`. */
export function metricsPrefix(appName: string): string {
  return `ficus_${appName.replace(/[^a-zA-Z0-9_]/g, '_')}_`;
}

/**
 * `/metrics` with default process metrics under a per-app prefix and the HTTP latency histogram.
 * prom-client's registry is process-global; one app per process is the production shape, so a
 * new app starts from an empty registry (this matters when tests boot several apps in turn).
 */
export function metricsModule(appName: string): DynamicModule {
  register.clear();
  const module = PrometheusModule.register({
    path: '/metrics',
    controller: MetricsController,
    defaultMetrics: { enabled: true, config: { prefix: metricsPrefix(appName) } },
    defaultLabels: { app: appName },
  });
  return { ...module, providers: [...(module.providers ?? []), httpDurationHistogram], exports: [...(module.exports ?? []), httpDurationHistogram] };
}
