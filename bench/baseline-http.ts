/**
 * The baseline: a bare `node:http` server that answers each benchmarked request with the exact
 * status, content type and body the product gave for it. No framework, no middleware, no
 * logging — the ceiling Node itself reaches on this machine, so the product is judged by a
 * ratio that holds on any hardware.
 *
 * Usage: `tsx bench/baseline-http.ts <routes.json>` with HOST and PORT set; the harness runs a
 * type-stripped copy on plain `node` (see servers.ts).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { routeKey, type BaselineRoutes } from './routes.js';

const routesFile = process.argv[2];
if (!routesFile) throw new Error('usage: baseline-http.ts <routes.json>');
const routes = JSON.parse(readFileSync(routesFile, 'utf8')) as BaselineRoutes;
// Encoded once up front: the baseline stands for the floor of per-request cost.
const prepared = new Map(Object.entries(routes).map(([key, response]) => [key, { ...response, bytes: Buffer.from(response.body) }]));

const server = createServer((request, response) => {
  // Drain any request body so keep-alive connections stay usable.
  request.resume();
  const route = prepared.get(routeKey(request.method ?? 'GET', request.url ?? '/'));
  if (!route) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(route.status, { 'content-type': route.contentType, 'content-length': route.bytes.length });
  response.end(route.bytes);
});

const host = process.env.HOST ?? '127.0.0.1';
server.listen(Number(process.env.PORT ?? 0), host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`baseline listening on http://${host}:${port}`);
});

// The harness stops us with SIGTERM; closing keep-alive sockets too lets us exit at once.
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
