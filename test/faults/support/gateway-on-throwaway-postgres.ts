import { randomUUID } from 'node:crypto';
import type { AppProcess } from '../../support/app-process.js';
import { HttpClient } from '../../support/http-client.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway/index.js';
import { requireService } from '../../support/services.js';
import { startTopology, TOPOLOGIES, type Topology, type TopologySpec } from '../../support/topology.js';
import { signUp } from '../../e2e/suites/auth.suite.js';

/** Ficus as built processes (by default the gateway alone, every context in it) on a PostgreSQL the test may break. */
export interface GatewayOnThrowawayPostgres {
  pg: ThrowawayPostgres;
  topology: Topology;
  gateway: AppProcess;
  http: HttpClient;
  /** Stops the apps, then the cluster. */
  stop(): Promise<void>;
}

export async function startGatewayOnThrowawayPostgres(env: Record<string, string> = {}, spec: TopologySpec = TOPOLOGIES['all-local']): Promise<GatewayOnThrowawayPostgres> {
  const pg = await startThrowawayPostgres();
  try {
    // No Redis in one process: rate limits and revocations in memory, so only PostgreSQL is broken
    // here. A context app of its own needs Redis (its replay cache): the tests' shared one, whole.
    const remote = Object.values(spec).some((transport) => transport !== 'local');
    const topology = await startTopology('faults', spec, { DATABASE_URL: pg.url, REDIS_URL: remote ? requireService('REDIS_URL') : '', ...env });
    return {
      pg,
      topology,
      gateway: topology.gateway,
      http: new HttpClient(topology.url),
      stop: async () => {
        await topology.stop();
        await pg.destroy();
      },
    };
  } catch (error) {
    await pg.destroy();
    throw error;
  }
}

/** A signed-up user's access token and id. */
export interface FaultUser {
  token: string;
  id: string;
}

export async function signUpUser(http: HttpClient): Promise<FaultUser> {
  const { accessToken } = await signUp(http);
  const me = await http.get<{ id: string }>('/auth/me', { token: accessToken });
  return { token: accessToken, id: me.body.id };
}

/** Creates a todo before the fault; its id. */
export async function createTodo(http: HttpClient, user: FaultUser, title: string): Promise<string> {
  const created = await http.post<{ id: string }>('/todos', { title }, { token: user.token });
  if (created.status !== 201) throw new Error(`creating a todo answered ${created.status}`);
  return created.body.id;
}

/** One answer during a fault, kept for assertions: when it was asked, what came back. */
export interface Observed {
  label: string;
  startedAt: number;
  endedAt: number;
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: Record<string, unknown> | undefined;
}

/** Sends one request and records it; a refused or dropped connection is status 0. */
export async function observe(http: HttpClient, label: string, method: string, path: string, body: unknown, token: string, headers: Record<string, string> = {}): Promise<Observed> {
  const startedAt = Date.now();
  try {
    const response = await http.request<Record<string, unknown>>(method, path, body, { token, headers });
    return {
      label,
      startedAt,
      endedAt: Date.now(),
      status: response.status,
      contentType: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      body: response.body,
    };
  } catch (error) {
    return { label, startedAt, endedAt: Date.now(), status: 0, contentType: null, retryAfter: null, body: { error: String(error) } };
  }
}

/** What a fault may answer: 503/504 problem+json with Retry-After; never a 500, never silence. */
export function degradedAnswersOf(answers: Observed[]): Observed[] {
  return answers.filter((answer) => answer.status < 200 || answer.status >= 300);
}

export function expectCleanDegradation(answers: Observed[]): void {
  const bad = degradedAnswersOf(answers).filter(
    (answer) => ![503, 504].includes(answer.status) || !answer.contentType?.startsWith('application/problem+json') || !/^\d+$/.test(answer.retryAfter ?? ''),
  );
  expect(bad.map(({ label, status, retryAfter, body }) => ({ label, status, retryAfter, body }))).toEqual([]);
}

/** A new Idempotency-Key. */
export const newKey = (): string => randomUUID();

/** What the process logged about the database: outage lines in order, and any line with a stack. */
export interface DatabaseLog {
  /** `started` or `ended`, one per outage line. */
  outage: ('started' | 'ended')[];
  /** Requests an outage line was attributed to: none, it is the database's, not a request's. */
  outageRequests: unknown[];
  withStack: Record<string, unknown>[];
}

/** Whether a log line starts or ends an outage. */
function outageKind(line: Record<string, unknown>): 'started' | 'ended' | undefined {
  const message = String(line.msg);
  if (/^PostgreSQL \S+ unavailable \(/.test(message)) return 'started';
  return /^PostgreSQL \S+ available again$/.test(message) ? 'ended' : undefined;
}

export function databaseLog(process: AppProcess): DatabaseLog {
  const lines = process
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const outageLines = lines.filter((line) => outageKind(line) !== undefined);
  return {
    outage: outageLines.map((line) => outageKind(line) ?? 'started'),
    outageRequests: outageLines.flatMap((line) => (line.req === undefined && line.requestId === undefined ? [] : [line.req ?? line.requestId])),
    withStack: lines.filter((line) => JSON.stringify(line).includes('"stack"')),
  };
}
