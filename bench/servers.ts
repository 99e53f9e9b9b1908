import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { routeKey, type BaselineRoutes, type CapturedResponse } from './routes.js';
import type { BenchRequest, Scenario } from './scenarios.js';
import { startServerProcess, WORK_DIR, type ServerProcess } from './server-process.js';

const ROOT = resolve(import.meta.dirname, '..');

/** A scenario's request, built once by its `prepare`. */
export interface PreparedScenario {
  scenario: Scenario;
  request: BenchRequest;
}

/**
 * Sends a scenario's request once and insists on the expected status, so a system that is not
 * ready for the scenario (wrong key, no responder on NATS, …) stops the run before any load.
 */
export async function answerOf(url: string, { scenario, request }: PreparedScenario): Promise<CapturedResponse> {
  const headers = { ...request.headers, ...request.variants?.[0] };
  const response = await fetch(new URL(request.path, url), { method: request.method, headers, body: request.body });
  const body = await response.text();
  if (response.status !== scenario.expectStatus) {
    throw new Error(`${scenario.name}: ${request.method} ${request.path} on ${url} answered ${response.status}, expected ${scenario.expectStatus}: ${body.slice(0, 500)}`);
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body };
}

/** The product's answer to each request: the exact bytes the baseline replays. */
export async function captureRoutes(productUrl: string, prepared: PreparedScenario[]): Promise<BaselineRoutes> {
  const routes: BaselineRoutes = {};
  for (const scenario of prepared) routes[routeKey(scenario.request.method, scenario.request.path)] = await answerOf(productUrl, scenario);
  return routes;
}

/**
 * Type-strips a baseline (and the bench modules it imports) to plain JS so it runs on bare
 * `node`: under tsx's loader it would carry esbuild and the loader in its RSS (≈ 80 MB instead
 * of ≈ 45 MB) and skew that column. The output sits in .data/, under the root package.json
 * ("type": "module"), so it loads as ESM and resolves fastify and pg from the root node_modules.
 */
function compileBaseline(entry: string, modules: string[] = []): string {
  const outDir = resolve(WORK_DIR, 'baseline');
  mkdirSync(outDir, { recursive: true });
  for (const file of [entry, ...modules]) {
    const source = readFileSync(resolve(import.meta.dirname, `${file}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(resolve(outDir, `${file}.js`), outputText);
  }
  return resolve(outDir, `${entry}.js`);
}

/** Where the replaying baselines read the captured responses from. */
function writeRoutes(routes: BaselineRoutes): string {
  mkdirSync(WORK_DIR, { recursive: true });
  const routesFile = resolve(WORK_DIR, 'baseline-routes.json');
  writeFileSync(routesFile, JSON.stringify(routes, null, 2));
  return routesFile;
}

/** The bare `node:http` server replaying the captured responses (see baseline-http.ts). */
export function startBaseline(routes: BaselineRoutes): Promise<ServerProcess> {
  return startServerProcess({
    name: 'baseline',
    args: [compileBaseline('baseline-http', ['routes']), writeRoutes(routes)],
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    logFile: resolve(WORK_DIR, 'baseline.log'),
  });
}

/** Bare Nest 12 on Fastify replaying the captured responses (see baseline-nest.ts). */
export function startNestBaseline(routes: BaselineRoutes): Promise<ServerProcess> {
  return startServerProcess({
    name: 'nest-baseline',
    args: [compileBaseline('baseline-nest', ['routes']), writeRoutes(routes)],
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    logFile: resolve(WORK_DIR, 'nest-baseline.log'),
  });
}

/**
 * The hand-written Fastify + pg + JWT read server (see baseline-todos.ts) on the product's
 * database, issuer, audience, clock skew and pool size (`productEnv`), trusting the keys the
 * running product publishes at /.well-known/jwks.json.
 */
export function startTodosBaseline(productEnv: NodeJS.ProcessEnv, productUrl: string): Promise<ServerProcess> {
  mkdirSync(WORK_DIR, { recursive: true });
  return startServerProcess({
    name: 'todos-baseline',
    args: [compileBaseline('baseline-todos', ['baseline-todos-create'])],
    cwd: ROOT,
    env: { ...productEnv, JWKS_URL: new URL('/.well-known/jwks.json', productUrl).toString() },
    logFile: resolve(WORK_DIR, 'todos-baseline.log'),
  });
}
