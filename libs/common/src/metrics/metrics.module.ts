import type { DynamicModule } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import type { AppConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { httpDurationHistogram } from './http-metrics.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsServer } from './metrics.server.js';
import { completeNodeMetrics } from './node-metrics.js';
import { ReadinessMetrics } from './readiness.metrics.js';

/**
 * `/metrics`: prom-client's default Node.js and process metrics under their standard names, the
 * HTTP latency histogram, readiness and the memory limit; every series labelled `app="<name>"`
 * (a label, never a prefix, so one query or dashboard covers every app). On the API port, or on
 * `METRICS_PORT` alone when that is set.
 * prom-client's registry is process-global; one app per process is the production shape, so a
 * new app starts from an empty registry (this matters when tests boot several apps in turn).
 */
export function metricsModule(appName: string, config: AppConfig): DynamicModule {
  register.clear();
  const module = PrometheusModule.register({
    path: '/metrics',
    controller: MetricsController,
    defaultMetrics: { enabled: true, config: {} },
    defaultLabels: { app: appName },
  });
  completeNodeMetrics(register);
  const providers = [
    httpDurationHistogram,
    MetricsServer,
    { provide: ReadinessMetrics, inject: [ReadinessRegistry], useFactory: (readiness: ReadinessRegistry) => new ReadinessMetrics(readiness, register) },
  ];
  return {
    ...module,
    controllers: config.METRICS_PORT === undefined ? module.controllers : [],
    providers: [...(module.providers ?? []), ...providers],
    exports: [...(module.exports ?? []), httpDurationHistogram, MetricsServer],
  };
}
