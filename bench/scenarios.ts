import { seedTodos, signIn } from './accounts.js';
import type { Comparison } from './comparisons.js';

/** One HTTP request as autocannon sends it. */
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface ScenarioBase {
  /** Short identifier, also what BENCH_ONLY matches. */
  name: string;
  /** What the scenario measures, printed above the table. */
  description: string;
  /** What the two measured systems are (see comparisons.ts). */
  compare: Comparison;
  /** Status both systems must answer with; any other status during a run is a FAIL. */
  expectStatus: number;
  /** Concurrent connections for this scenario; BENCH_CONNECTIONS, when set, overrides it (default 50). */
  connections?: number;
  /**
   * Builds the request against the running product (auth in-process), e.g. signs up and logs in
   * to get a bearer token. Runs once, before capture and warm-up; every product topology shares
   * the database and signing key, so what it creates works on all of them.
   */
  prepare(productUrl: string): Promise<BenchRequest>;
}

/**
 * The product against the bare `node:http` baseline, which answers with the bytes the product
 * returned for the request (captured once), so the ratio isolates what the full stack costs.
 */
export interface BaselineScenario extends ScenarioBase {
  compare: 'baseline';
  /** PASS when product req/s ≥ minRatio × baseline req/s. */
  minRatio: number;
}

/**
 * The product against a minimal hand-written Fastify + pg + JWT-verify server (baseline-todos.ts)
 * that verifies the same token and reads the same rows. Both must answer the scenario's request
 * with the same JSON before any load starts, so the two really do the same work.
 */
export interface ReadBaselineScenario extends ScenarioBase {
  compare: 'read-baseline';
  /** PASS needs product req/s ≥ minRatio × baseline req/s … */
  minRatio: number;
  /** … and the product's p99 (median over rounds) below this. */
  maxP99Ms: number;
}

/**
 * Auth in-process against auth over NATS. No ratio target: the hop's price is a number to know
 * and document, not a gate; the scenario fails only on errors or unexpected statuses.
 */
export interface TopologyScenario extends ScenarioBase {
  compare: 'topologies';
}

export type Scenario = BaselineScenario | ReadBaselineScenario | TopologyScenario;

/** The todos the read scenarios measure: one user's, seeded once per run through the API. */
interface SeededTodos {
  token: string;
  /** In creation order (the list returns them newest first). */
  ids: string[];
}

const SEEDED_TODOS = 200;
let seeded: Promise<SeededTodos> | undefined;

/** Signs a fresh user in and creates SEEDED_TODOS todos for it; shared by every read scenario of the run. */
function seededTodos(productUrl: string): Promise<SeededTodos> {
  seeded ??= signIn(productUrl).then(async (token) => ({ token, ids: await seedTodos(productUrl, token, SEEDED_TODOS) }));
  return seeded;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every scenario, in the order they run and are printed. Add new workloads here. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'health',
    description: 'GET /health through the full stack (Fastify, Nest pipeline, request logging and ids, security headers, rate-limit guard, Terminus)',
    compare: 'baseline',
    minRatio: 0.6,
    expectStatus: 200,
    prepare: async () => ({ method: 'GET', path: '/health' }),
  },
  {
    name: 'todos-get',
    description:
      'GET /todos/:id with a bearer token, one of 200 todos of the user: token verification (ES256, claims, revocation), one owner-scoped row from PostgreSQL, ETag — against the same read by hand (Fastify + pg + ES256 verify)',
    compare: 'read-baseline',
    minRatio: 0.8,
    maxP99Ms: 20,
    connections: 64,
    expectStatus: 200,
    prepare: async (productUrl) => {
      const { token, ids } = await seededTodos(productUrl);
      return { method: 'GET', path: `/todos/${ids[Math.floor(ids.length / 2)]}`, headers: bearer(token) };
    },
  },
  {
    name: 'todos-list',
    description:
      'GET /todos?limit=20 with a bearer token (the user has 200 todos): token verification, the first page newest first (21 rows, keyset index) with its cursor — against the same read by hand',
    compare: 'read-baseline',
    minRatio: 0.8,
    maxP99Ms: 20,
    connections: 64,
    expectStatus: 200,
    prepare: async (productUrl) => ({ method: 'GET', path: '/todos?limit=20', headers: bearer((await seededTodos(productUrl)).token) }),
  },
  {
    name: 'auth-me',
    description:
      'GET /auth/me with a bearer token: edge verifies the ES256 token, then the auth facade reads the user from PostgreSQL — in the gateway, or in the auth app over NATS (signed envelope, deadline)',
    compare: 'topologies',
    expectStatus: 200,
    prepare: async (productUrl) => ({ method: 'GET', path: '/auth/me', headers: { authorization: `Bearer ${await signIn(productUrl)}` } }),
  },
];
