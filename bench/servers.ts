import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { routeKey, type BaselineRoutes } from './routes.js';
import type { BenchRequest, Scenario } from './scenarios.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const ROOT = resolve(import.meta.dirname, '..');
/** Logs and the routes file of the last run, kept for inspection (git-ignored). */
export const WORK_DIR = resolve(ROOT, '.data/bench');

/**
 * The built gateway — the whole product in one process — as production would run it, on
 * loopback. The API rate limit is raised so scenarios measure the guard's cost, not its 429s;
 * no drain delay on SIGTERM because no load balancer needs to notice us leaving.
 */
export function startProduct(databaseUrl: string, logLevel: string): Promise<ServerProcess> {
  mkdirSync(WORK_DIR, { recursive: true });
  return startServerProcess({
    name: 'product',
    args: [resolve(ROOT, 'dist/apps/gateway/src/main.js')],
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: logLevel,
      LOG_FORMAT: 'json',
      RATE_LIMIT_API_LIMIT: '1000000000',
      SHUTDOWN_DRAIN_DELAY_MS: '0',
    },
    logFile: resolve(WORK_DIR, 'product.log'),
  });
}

/** A scenario's request together with the product's answer to it. */
export interface PreparedScenario {
  scenario: Scenario;
  request: BenchRequest;
}

/**
 * Sends each scenario's request to the product once and records the answer, which both checks
 * the product is ready for the scenario and gives the baseline the exact bytes to replay.
 */
export async function captureRoutes(productUrl: string, prepared: PreparedScenario[]): Promise<BaselineRoutes> {
  const routes: BaselineRoutes = {};
  for (const { scenario, request } of prepared) {
    const response = await fetch(new URL(request.path, productUrl), { method: request.method, headers: request.headers, body: request.body });
    const body = await response.text();
    if (response.status !== scenario.expectStatus) {
      throw new Error(`${scenario.name}: ${request.method} ${request.path} answered ${response.status}, expected ${scenario.expectStatus}: ${body.slice(0, 500)}`);
    }
    routes[routeKey(request.method, request.path)] = { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body };
  }
  return routes;
}

/**
 * Type-strips the baseline to plain JS so it runs on bare `node`: under tsx's loader it would
 * carry esbuild and the loader in its RSS (≈ 80 MB instead of ≈ 45 MB) and skew that column.
 */
function compileBaseline(): string {
  const outDir = resolve(WORK_DIR, 'baseline');
  mkdirSync(outDir, { recursive: true });
  for (const file of ['baseline-http', 'routes']) {
    const source = readFileSync(resolve(import.meta.dirname, `${file}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(resolve(outDir, `${file}.js`), outputText);
  }
  return resolve(outDir, 'baseline-http.js');
}

/** The bare `node:http` server replaying the captured responses (see baseline-http.ts). */
export function startBaseline(routes: BaselineRoutes): Promise<ServerProcess> {
  mkdirSync(WORK_DIR, { recursive: true });
  const routesFile = resolve(WORK_DIR, 'baseline-routes.json');
  writeFileSync(routesFile, JSON.stringify(routes, null, 2));
  return startServerProcess({
    name: 'baseline',
    // .data/ sits under the root package.json ("type": "module"), so the output loads as ESM.
    args: [compileBaseline(), routesFile],
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    logFile: resolve(WORK_DIR, 'baseline.log'),
  });
}
