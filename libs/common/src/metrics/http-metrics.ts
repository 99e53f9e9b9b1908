import { makeHistogramProvider } from '@willsoto/nestjs-prometheus';

export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';

/** `status_code` of a request whose client left before its answer was complete (nginx's 499). */
export const CLIENT_CLOSED_REQUEST = '499';

/**
 * Latency of every HTTP response, including errors and rejections, by route template; requests
 * whose client left first count as `499`, timed until it left.
 */
export const httpDurationHistogram = makeHistogramProvider({
  name: HTTP_DURATION_METRIC,
  help: 'Duration of HTTP requests in seconds, by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'],
  // Up to 30 s, the AI routes' budget: their latency alert (deploy/prometheus/alerts.yml) needs it.
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30],
});
