import { seedTodos, signIn } from './accounts.js';
import type { Comparison } from './comparisons.js';

/** One HTTP request as autocannon sends it. */
export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  /** Header sets cycled through request by request on top of `headers` (e.g. one token per user). */
  variants?: Array<Record<string, string>>;
  body?: string;
}

/**
 * A scenario's targets, all relative to its reference row in the same run (never absolute speed):
 * PASS needs every one that is set, and no failed or unexpected responses on either row.
 */
export interface Targets {
  /** Candidate req/s ≥ minRatio × reference req/s. */
  minRatio?: number;
  /** Candidate p99 ≤ maxP99Ratio × reference p99. */
  maxP99Ratio?: number;
  /** Candidate p50 ≤ reference p50 + maxAddedP50Ms. */
  maxAddedP50Ms?: number;
}

/** One workload measured on the two systems its `compare` names (see comparisons.ts). */
export interface Scenario {
  /** Short identifier, also what BENCH_ONLY matches. */
  name: string;
  /** What the scenario measures, printed above the table. */
  description: string;
  /**
   * What the two measured systems are. For `baseline` and `nest-baseline` the reference replays
   * the bytes the product returned for the request (captured once); for `read-baseline` both
   * must answer the request with the same JSON before any load (proof they do the same work).
   */
  compare: Comparison;
  /** None: an informational row (e.g. the physical limit, node:http). */
  targets: Targets;
  /** Status both systems must answer with (2xx: wrk counts any other as a failure). */
  expectStatus: number;
  /** Concurrent connections for this scenario; BENCH_CONNECTIONS, when set, overrides it (default 50). */
  connections?: number;
  /**
   * Builds the request against the running product (auth in-process), e.g. signs up and logs in
   * to get a bearer token. Runs once, before capture and warm-up; every product topology shares
   * the database and signing key, so what it creates works on all of them.
   */
  prepare(productUrl: string): Promise<BenchRequest>;
  /** Compares the two answers when they may differ by design (a create's new id); default: same JSON. */
  sameAnswer?(reference: unknown, candidate: unknown): boolean;
}

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

/** The users of the write scenario: one user's creates run one at a time by design (see TodoCreation). */
const WRITERS = 16;
let writers: Promise<string[]> | undefined;
function writerTokens(productUrl: string): Promise<string[]> {
  writers ??= Promise.all(Array.from({ length: WRITERS }, () => signIn(productUrl)));
  return writers;
}

/** A created todo as both systems answer it, without what differs by design (id, times). */
function createdShape(answer: unknown): string {
  if (typeof answer !== 'object' || answer === null) return JSON.stringify(answer);
  const { id, createdAt, updatedAt, ...rest } = answer as Record<string, unknown>;
  return JSON.stringify({ ...rest, id: typeof id, createdAt: typeof createdAt, updatedAt: createdAt === updatedAt });
}

const READ_TARGETS = { minRatio: 0.8, maxP99Ratio: 1.5 };

/** Every scenario, in the order they run and are printed. Add new workloads here. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'health-node',
    description: 'GET /health: the product against bare node:http replaying its bytes — the physical limit, no target',
    compare: 'baseline',
    targets: {},
    expectStatus: 200,
    connections: 64,
    prepare: async () => ({ method: 'GET', path: '/health' }),
  },
  {
    name: 'health',
    description:
      'GET /health through the full platform (request line with id at info, redaction, metrics, security headers, rate-limit guard, Terminus) against bare Nest 12 on Fastify replaying its bytes',
    compare: 'nest-baseline',
    targets: { minRatio: 0.5 },
    expectStatus: 200,
    connections: 64,
    prepare: async () => ({ method: 'GET', path: '/health' }),
  },
  {
    name: 'todos-get',
    description:
      'GET /todos/:id with a bearer token, one of 200 todos of the user: token verification (ES256, claims, revocation), one owner-scoped row from PostgreSQL, ETag — against the same read by hand (Fastify + pg + ES256 verify)',
    compare: 'read-baseline',
    targets: READ_TARGETS,
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
    targets: READ_TARGETS,
    connections: 64,
    expectStatus: 200,
    prepare: async (productUrl) => ({ method: 'GET', path: '/todos?limit=20', headers: bearer((await seededTodos(productUrl)).token) }),
  },
  {
    name: 'todos-create',
    description: `POST /todos (validated create) by ${WRITERS} users in turn: token check, validation, one transaction with the owner's lock, the per-user limit and the insert — against the same by hand`,
    compare: 'read-baseline',
    targets: { minRatio: 0.6 },
    connections: 64,
    expectStatus: 201,
    prepare: async (productUrl) => ({
      method: 'POST',
      path: '/todos',
      headers: { 'content-type': 'application/json' },
      variants: (await writerTokens(productUrl)).map(bearer),
      body: JSON.stringify({ title: 'Benchmark write', description: 'Created by npm run bench.', priority: 'high', tags: ['bench', 'write'] }),
    }),
    sameAnswer: (reference, candidate) => createdShape(reference) === createdShape(candidate),
  },
  {
    name: 'auth-me',
    description:
      'GET /auth/me with a bearer token at 50 connections: edge verifies the ES256 token, then the auth facade reads the user from PostgreSQL — in the gateway, or in the auth app over NATS (signed envelope, deadline)',
    compare: 'topologies',
    targets: { minRatio: 0.8 },
    connections: 50,
    expectStatus: 200,
    prepare: async (productUrl) => ({ method: 'GET', path: '/auth/me', headers: bearer(await authMeToken(productUrl)) }),
  },
  {
    name: 'auth-me-1',
    description: 'GET /auth/me at one connection: what the NATS hop adds to one request alone',
    compare: 'topologies',
    targets: { maxAddedP50Ms: 1 },
    connections: 1,
    expectStatus: 200,
    prepare: async (productUrl) => ({ method: 'GET', path: '/auth/me', headers: bearer(await authMeToken(productUrl)) }),
  },
];

let authMe: Promise<string> | undefined;
function authMeToken(productUrl: string): Promise<string> {
  authMe ??= signIn(productUrl);
  return authMe;
}
