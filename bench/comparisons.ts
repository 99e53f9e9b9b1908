/**
 * What a scenario compares. Every scenario measures the same request on two running systems,
 * a reference and a candidate, and reports candidate/reference:
 * - `baseline`: the product against a bare `node:http` server replaying the product's bytes —
 *   what the whole stack costs on top of Node's HTTP server (the physical limit);
 * - `nest-baseline`: the product against bare Nest 12 on Fastify (one controller, no logger)
 *   replaying the same bytes — what the platform costs over the framework a user would pick;
 * - `read-baseline`: the product against a minimal hand-written Fastify + pg + JWT-verify
 *   server doing the same database read or insert (baseline-todos.ts) — what the stack costs on
 *   a real authenticated request, where both sides verify a token and query PostgreSQL;
 * - `topologies`: the product with auth in-process against the product reaching auth over
 *   NATS — what the strangler-fig split costs a request that crosses it.
 */
export type Comparison = 'baseline' | 'nest-baseline' | 'read-baseline' | 'topologies';

/** The systems the harness can start; each is started only if a selected scenario needs it. */
export type SystemName = 'baseline' | 'nest' | 'todos-baseline' | 'local' | 'nats';

/** A started system, as the load and the report see it. */
export interface MeasuredSystem {
  /** Where requests go (the gateway, for product topologies). */
  url: string;
  /** One line for the report header: what runs, pids. */
  summary: string;
  /** The system's processes, whose RSS and CPU time are summed (see proc-stats.ts). */
  pids: number[];
}

/** Reference first: it is the ratio's denominator and the first row of the table. */
export const COMPARED: Record<Comparison, { reference: SystemName; candidate: SystemName }> = {
  baseline: { reference: 'baseline', candidate: 'local' },
  'nest-baseline': { reference: 'nest', candidate: 'local' },
  'read-baseline': { reference: 'todos-baseline', candidate: 'local' },
  topologies: { reference: 'local', candidate: 'nats' },
};

/** Names in the table; the short names are what the progress lines print. */
export const SYSTEM_LABELS: Record<SystemName, string> = {
  baseline: 'baseline (node:http)',
  nest: 'bare Nest 12 + Fastify',
  'todos-baseline': 'baseline (Fastify + pg + JWT)',
  local: 'product, auth in-process',
  nats: 'product, auth over NATS',
};
