import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import type { MeasuredSystem } from './comparisons.js';
import { newServiceKey, servicePublicKeys } from '../tools/start/dev-keys.js';
import { startServerProcess, WORK_DIR, type ServerProcess } from './server-process.js';

const ROOT = resolve(import.meta.dirname, '..');
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** The apps the harness starts. */
export type BenchApp = 'gateway' | 'auth' | 'todos' | 'ai';
/**
 * The V8 flags the product runs with, as the Dockerfile's CMD passes them: a young generation of
 * at most 8 MB semi-spaces (V8's default grows it to 64 MB: ≈ 30 MB more RSS idle, ≈ 90 MB after load).
 */
export const PRODUCT_NODE_FLAGS = ['--max-semi-space-size=8'];

/** The built entry point of an app. */
export const entry = (app: BenchApp) => resolve(ROOT, `dist/apps/${app}/src/main.js`);
/** Each app's key for messages between apps; only that app's process gets it. */
const SERVICE_KEYS: Record<BenchApp, string> = { gateway: newServiceKey(), auth: newServiceKey(), todos: newServiceKey(), ai: newServiceKey() };
const UNLIMITED = '1000000000';

/** A started product topology: requests go to its gateway. */
export interface Topology extends MeasuredSystem {
  stop(): Promise<void>;
}

/**
 * The environment every product process of this run gets; topologies differ only in
 * AUTH_TRANSPORT. One signing key for all, so the token `prepare` obtains verifies everywhere;
 * one service key each for the gateway and the auth app, and both public keys for both, so they
 * trust each other's messages. Rate limits and the
 * login throttle are lifted so scenarios measure the guards' cost, not their 429s (windows of
 * one second, see below). REDIS_URL is dropped here: in one process revocations and
 * rate-limit counters live in memory. The NATS topology adds it back (BENCH_REDIS_URL), since
 * auth as its own app requires it.
 */
/** Redis of the NATS topology; database 2 keeps bench keys apart from development (0) and tests (1). */
export const DEFAULT_BENCH_REDIS_URL = 'redis://127.0.0.1:6379/2';

export function productEnvironment(databaseUrl: string, logLevel: string, natsUrl: string): NodeJS.ProcessEnv {
  const settings: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: logLevel,
    LOG_FORMAT: 'json',
    NATS_URL: natsUrl,
    SERVICE_PUBLIC_KEYS: servicePublicKeys(SERVICE_KEYS),
    // Subjects of its own, so a test run or a developer's deployment on the same NATS server
    // cannot answer (or steal) the bench's messages.
    NATS_SUBJECT_PREFIX: `ficus-bench-${randomBytes(4).toString('hex')}.`,
    AUTH_JWT_PRIVATE_KEYS: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    // Only auth moves; the other contexts stay in the gateway in every topology.
    TODOS_TRANSPORT: 'local',
    AI_TRANSPORT: 'local',
    RATE_LIMIT_API_LIMIT: UNLIMITED,
    RATE_LIMIT_PUBLIC_LIMIT: UNLIMITED,
    RATE_LIMIT_AUTH_LIMIT: UNLIMITED,
    // One-second windows. The in-memory throttler storage keeps one timestamp per counted hit
    // in the window and filters that list on every request. In production the limit bounds the
    // list (100 per user a minute by default: blocked requests are not recorded); lifted, the
    // default 60 s window would hold a minute of the bench user's requests (≈ 10⁵) and the
    // filter alone took 13–25 % of the gateway's CPU. One second keeps the list near the size
    // production's limits give it while still counting every request.
    RATE_LIMIT_API_TTL_MS: '1000',
    RATE_LIMIT_PUBLIC_TTL_MS: '1000',
    AUTH_LOGIN_MAX_FAILURES: '1000',
    // The write scenario creates tens of thousands of todos per user over a run.
    TODOS_MAX_PER_USER: '10000000',
    // The one token must outlive long runs (the default 15 min would turn late rounds into 401s).
    AUTH_ACCESS_TOKEN_TTL_S: '86400',
    // No load balancer needs to notice a bench server leaving.
    SHUTDOWN_DRAIN_DELAY_MS: '0',
  };
  const env: NodeJS.ProcessEnv = { ...process.env, ...settings };
  // The config refuses NAME together with NAME_FILE, and a developer's REDIS_URL must not leak in.
  for (const name of [...Object.keys(settings), 'REDIS_URL', 'SERVICE_PRIVATE_KEYS']) delete env[`${name}_FILE`];
  delete env.REDIS_URL;
  return env;
}

/** An app's own environment: the run's, its own service key, and auth's transport. */
export function appEnvironment(env: NodeJS.ProcessEnv, app: BenchApp, authTransport: 'local' | 'nats'): NodeJS.ProcessEnv {
  return { ...env, AUTH_TRANSPORT: authTransport, SERVICE_PRIVATE_KEYS: SERVICE_KEYS[app] };
}

function start(name: string, app: BenchApp, env: NodeJS.ProcessEnv, authTransport: 'local' | 'nats'): Promise<ServerProcess> {
  mkdirSync(WORK_DIR, { recursive: true });
  return startServerProcess({ name, args: [...PRODUCT_NODE_FLAGS, entry(app)], cwd: ROOT, env: appEnvironment(env, app, authTransport), logFile: resolve(WORK_DIR, `${name}.log`) });
}

/** The built gateway with every context in-process: the whole product in one process. */
export async function startLocalTopology(env: NodeJS.ProcessEnv): Promise<Topology> {
  const gateway = await start('local-gateway', 'gateway', env, 'local');
  return { url: gateway.url, summary: `local: gateway ${gateway.url} (pid ${gateway.pid})`, pids: [gateway.pid], stop: () => gateway.stop() };
}

/** Fails fast with a clear message instead of an auth app that cannot connect. */
function assertReachable(natsUrl: string): Promise<void> {
  const url = new URL(natsUrl);
  const port = Number(url.port || 4222);
  return new Promise((done, fail) => {
    const socket = connect({ host: url.hostname, port, timeout: 2000 });
    const refuse = () => {
      socket.destroy();
      fail(new Error(`NATS is not reachable at ${natsUrl} (set NATS_URL, or start nats-server)`));
    };
    socket.once('connect', () => {
      socket.destroy();
      done();
    });
    socket.once('error', refuse);
    socket.once('timeout', refuse);
  });
}

/**
 * The gateway with AUTH_TRANSPORT=nats plus one auth app serving auth over NATS. The auth app
 * starts first: it listens on HTTP only after subscribing, so the gateway's first request
 * finds a responder. RSS and CPU are summed over both (the NATS server's are not counted).
 */
export async function startNatsTopology(baseEnv: NodeJS.ProcessEnv): Promise<Topology> {
  await assertReachable(baseEnv.NATS_URL ?? DEFAULT_NATS_URL);
  // Auth in its own process requires Redis (logout must reach the gateway): a split deployment
  // pays one Redis round trip per authenticated request, so this side of the comparison does too.
  const env: NodeJS.ProcessEnv = { ...baseEnv, REDIS_URL: process.env.BENCH_REDIS_URL || DEFAULT_BENCH_REDIS_URL };
  const auth = await start('nats-auth', 'auth', env, 'nats');
  let gateway: ServerProcess;
  try {
    gateway = await start('nats-gateway', 'gateway', env, 'nats');
  } catch (error) {
    await auth.stop();
    throw error;
  }
  return {
    url: gateway.url,
    summary: `nats: gateway ${gateway.url} (pid ${gateway.pid}) + auth app (pid ${auth.pid}) via ${env.NATS_URL}`,
    pids: [gateway.pid, auth.pid],
    // The gateway first, so no request of its is left waiting on an auth app that is gone.
    stop: async () => {
      await gateway.stop();
      await auth.stop();
    },
  };
}
