/** One HTTP request as autocannon sends it. */
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A measured workload: the same request is sent to the product and to the bare `node:http`
 * baseline, which answers with the bytes the product returned for it (captured once), so the
 * ratio isolates what the full stack costs on top of Node's HTTP server.
 */
export interface Scenario {
  /** Short identifier, also what BENCH_ONLY matches. */
  name: string;
  /** What the scenario measures, printed above the table. */
  description: string;
  /** PASS when product req/s ≥ minRatio × baseline req/s. */
  minRatio: number;
  /** Status the product must answer with; any other status during a run is a FAIL. */
  expectStatus: number;
  /**
   * Builds the request against the running product, e.g. signs up and logs in to get a bearer
   * token for authenticated reads. Runs once, before capture and warm-up.
   */
  prepare(productUrl: string): Promise<BenchRequest>;
}

/** Every scenario, in the order they run and are printed. Add new workloads here. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'health',
    description: 'GET /health through the full stack (Fastify, Nest pipeline, request logging and ids, security headers, rate-limit guard, Terminus)',
    minRatio: 0.6,
    expectStatus: 200,
    prepare: async () => ({ method: 'GET', path: '/health' }),
  },
];
