import { randomBytes } from 'node:crypto';
import { appNamesOf, type AppName, type ContextName, type TransportKind } from '@ficus/common';
import { FICUS_APPS } from '../../apps/contexts.js';
import { anyFreePort } from '../../tools/embedded-pg/free-port.js';
import { newServiceKey, servicePublicKeys } from '../../tools/start/dev-keys.js';
import { startAppProcess, type AppProcess } from './app-process.js';
import { generateSigningKeyPem } from './jwt-keys.js';
import { requireService } from './services.js';

/** A context, served by the app of its name when it does not run in the gateway. */
export type ContextApp = ContextName;

/** The registered contexts, in registration order (the order their apps start in). */
const CONTEXTS: readonly ContextApp[] = FICUS_APPS.contexts.map((context) => context.name);

/** Where each context runs (a context not named runs in the gateway); the gateway always runs. */
export type TopologySpec = Readonly<Record<ContextApp, TransportKind>>;

/** Every registered context on `kind`. */
const everyContext = (kind: TransportKind): TopologySpec => Object.fromEntries(CONTEXTS.map((context) => [context, kind]));

/**
 * The topologies the e2e suite must pass in (issue: all local, all NATS, mixed, one over TCP),
 * plus every context over TCP: ai's streamed answers and its calls to todos cross TCP too.
 */
export const TOPOLOGIES = {
  'all-local': everyContext('local'),
  'all-nats': everyContext('nats'),
  mixed: { auth: 'nats' },
  'auth-tcp': { auth: 'tcp' },
  'all-tcp': everyContext('tcp'),
} as const satisfies Record<string, TopologySpec>;

/** Where `context` runs in `spec`: in the gateway unless the spec names it. */
export const transportIn = (spec: TopologySpec, context: ContextApp): TransportKind => spec[context] ?? 'local';

export type TopologyName = keyof typeof TOPOLOGIES;

export interface Topology {
  name: string;
  /** The gateway's base URL. */
  url: string;
  gateway: AppProcess;
  contexts: Record<ContextApp, AppProcess[]>;
  /** Environment every process of this topology got (start more instances with it). */
  env: Record<string, string>;
  /** Each app's key for messages between apps (SERVICE_PRIVATE_KEYS), which only that app's processes got. */
  serviceKeys: Record<AppName, string>;
  /** Starts one more instance of a context app with the topology's environment. */
  startContext(app: ContextApp): Promise<AppProcess>;
  /** Everything every process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Stops a process with SIGTERM (SIGKILL after 5 s) and waits for it. */
export async function stopProcess(process: AppProcess): Promise<void> {
  if (process.child.exitCode !== null || process.child.signalCode !== null) return;
  process.child.kill('SIGTERM');
  const timer = setTimeout(() => process.child.kill('SIGKILL'), 5000);
  await process.exited;
  clearTimeout(timer);
}

/**
 * Runs Ficus as real processes from the build: the gateway plus one app per remote context,
 * all against this run's database and the real Redis and NATS. Same code, same config
 * variables as production; only the topology differs.
 */
export async function startTopology(
  name: string,
  spec: TopologySpec,
  extraEnv: Record<string, string> = {},
  /** What one app's processes get on top of the topology's environment (its NATS user, say). */
  appEnv: (app: AppName) => Record<string, string> = () => ({}),
): Promise<Topology> {
  const serviceKeys: Record<AppName, string> = Object.fromEntries(appNamesOf(FICUS_APPS).map((app) => [app, newServiceKey()]));
  const env: Record<string, string> = {
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    REDIS_URL: requireService('REDIS_URL'),
    NATS_URL: requireService('NATS_URL'),
    SERVICE_PUBLIC_KEYS: servicePublicKeys(serviceKeys),
    // Subjects of their own: topologies of parallel test files (and a developer's own
    // deployment) share the NATS server without answering each other's messages.
    NATS_SUBJECT_PREFIX: `ficus-test-${randomBytes(4).toString('hex')}.`,
    AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem(),
    ...Object.fromEntries(CONTEXTS.map((context) => [`${context.toUpperCase()}_TRANSPORT`, transportIn(spec, context)])),
    REMOTE_CALL_TIMEOUT_MS: '2000',
    // The suite signs up many users from one address.
    RATE_LIMIT_AUTH_LIMIT: '10000',
    RATE_LIMIT_PUBLIC_LIMIT: '10000',
    RATE_LIMIT_API_LIMIT: '10000',
    // Every request comes from 127.0.0.1, acting as the proxy: each HttpClient names its own
    // client address in X-Forwarded-For, so the login throttle (default limits, one Redis for
    // every topology) counts each client apart, as it would count real clients behind a proxy.
    TRUST_PROXY: '127.0.0.1',
    ...extraEnv,
  };
  for (const app of CONTEXTS) {
    if (transportIn(spec, app) === 'tcp') env[`${app.toUpperCase()}_TCP_PORT`] ??= String(await anyFreePort());
  }
  const contexts: Record<ContextApp, AppProcess[]> = {};
  const all: AppProcess[] = [];
  const startContext = async (app: ContextApp) => {
    const started = await startAppProcess(app, { ...env, SERVICE_PRIVATE_KEYS: serviceKeys[app], ...appEnv(app) });
    (contexts[app] ??= []).push(started);
    all.push(started);
    return started;
  };
  try {
    for (const app of CONTEXTS) if (transportIn(spec, app) !== 'local') await startContext(app);
    const gateway = await startAppProcess('gateway', { ...env, SERVICE_PRIVATE_KEYS: serviceKeys.gateway, ...appEnv('gateway') });
    all.push(gateway);
    return {
      name,
      url: gateway.url,
      gateway,
      contexts,
      env,
      serviceKeys,
      startContext,
      output: () => all.map((process) => process.output()).join('\n'),
      stop: async () => {
        await Promise.all(all.map(stopProcess));
      },
    };
  } catch (error) {
    await Promise.all(all.map(stopProcess));
    throw error;
  }
}
