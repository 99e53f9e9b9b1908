import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs the compose file in CI, so this checks what it can without one: that it
// parses (anchors and merge keys included) and describes the split topology of start:split.
const ROOT = resolve(__dirname, '../..');
const APPS = ['gateway', 'auth', 'todos', 'ai'];

interface Service {
  image?: string;
  command?: string[];
  build?: { context?: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string | null> | string[];
  extra_hosts?: string[];
  ports?: string[];
  secrets?: string[];
  configs?: { source: string; target: string }[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }>;
}

interface ComposeFile {
  services: Record<string, Service>;
  secrets?: Record<string, { file?: string }>;
  configs?: Record<string, { file?: string }>;
}

const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');

/** Compose accepts `environment` as a map or as `NAME=value` lines. */
function environmentOf(service: Service): Record<string, string | null> {
  const { environment = {} } = service;
  if (!Array.isArray(environment)) return environment;
  return Object.fromEntries(environment.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 17, Redis 7 and NATS with JetStream', () => {
    expect(compose.services.postgres.image).toMatch(/^postgres:17/);
    expect(compose.services.redis.image).toMatch(/^redis:7/);
    expect(compose.services.nats.image).toMatch(/^nats:2/);
    expect(compose.services.nats.command).toContain('-js');
  });

  it.each(APPS)('runs %s from the Dockerfile, on NATS for every context, with the shared services', (app) => {
    const service = compose.services[app];
    expect(service.build).toEqual({ context: '.', args: { APP: app } });
    const env = environmentOf(service);
    expect(env).toMatchObject({ AUTH_TRANSPORT: 'nats', TODOS_TRANSPORT: 'nats', AI_TRANSPORT: 'nats', NATS_URL: 'nats://nats:4222' });
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/[^@]+@postgres:5432\/\w+$/);
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(service.healthcheck?.test?.join(' ')).toContain(`:${env.PORT}/health`);
  });

  it.each(APPS)('gives %s a service key and a NATS user of its own, and every app’s public key', (app) => {
    const service = compose.services[app];
    const env = environmentOf(service);
    expect(env.SERVICE_PRIVATE_KEYS_FILE).toBe(`/run/secrets/service_key_${app}`);
    expect(service.secrets).toContain(`service_key_${app}`);
    expect(compose.secrets?.[`service_key_${app}`].file).toMatch(new RegExp(`/service-${app}\\.pem$`));
    expect(env.SERVICE_PUBLIC_KEYS_FILE).toBe('/run/configs/service_public_keys');
    expect(service.configs).toEqual([{ source: 'service_public_keys', target: '/run/configs/service_public_keys' }]);
    // Required, never defaulted: compose stops with the message when it is unset.
    expect(env.NATS_USER).toBe(app);
    expect(env.NATS_PASSWORD).toMatch(new RegExp(`^\\$\\{NATS_${app.toUpperCase()}_PASSWORD:\\?.+\\}$`));
    expect(environmentOf(compose.services.nats)[`NATS_${app.toUpperCase()}_PASSWORD`]).toBe(env.NATS_PASSWORD);
    // No app holds another's key.
    expect(service.secrets?.filter((secret) => secret.startsWith('service_key_'))).toEqual([`service_key_${app}`]);
  });

  it('runs NATS with the shipped configuration: one user per app, each allowed only its own subjects', () => {
    const nats = compose.services.nats;
    expect(nats.command?.slice(0, 2)).toEqual(['-c', '/etc/nats/nats-server.conf']);
    expect(nats.configs).toEqual([{ source: 'nats_server_conf', target: '/etc/nats/nats-server.conf' }]);
    expect(compose.configs?.nats_server_conf.file).toBe('./deploy/nats/nats-server.conf');
  });

  it('gives the signing key to auth alone, as a compose secret', () => {
    const keyed = APPS.filter((app) => 'AUTH_JWT_PRIVATE_KEYS_FILE' in environmentOf(compose.services[app]) || 'AUTH_JWT_PRIVATE_KEYS' in environmentOf(compose.services[app]));
    expect(keyed).toEqual(['auth']);
    expect(environmentOf(compose.services.auth).AUTH_JWT_PRIVATE_KEYS_FILE).toBe('/run/secrets/auth_jwt_private_keys');
    expect(compose.services.auth.secrets).toEqual(['auth_jwt_private_keys', 'service_key_auth']);
    expect(APPS.filter((app) => compose.services[app].secrets?.includes('auth_jwt_private_keys'))).toEqual(['auth']);
    expect(compose.secrets?.auth_jwt_private_keys.file).toBeDefined();
  });

  it('passes the model settings from the shell to the ai app alone, defaulting to nothing', () => {
    const modelKeys = ['AI_PROVIDER', 'AI_BASE_URL', 'AI_API_KEY', 'AI_MODEL'];
    const ai = environmentOf(compose.services.ai);
    // A key without a value is compose's pass-through: set in the container only if set in the shell.
    for (const key of modelKeys) expect([key, ai[key]]).toEqual([key, null]);
    for (const app of APPS.filter((name) => name !== 'ai')) expect(Object.keys(environmentOf(compose.services[app]))).not.toContain('AI_API_KEY');
    expect(compose.services.ai.extra_hosts).toEqual(['host.docker.internal:host-gateway']);
  });

  it('publishes the gateway on port 3000 and nothing else', () => {
    expect(compose.services.gateway.ports).toEqual(['3000:3000']);
    const published = Object.entries(compose.services).filter(([, service]) => service.ports);
    expect(published.map(([name]) => name)).toEqual(['gateway']);
  });

  it('migrates before the contexts start, and starts the gateway after them', () => {
    // The Dockerfile's migrate image runs the migration tool as its command.
    expect(compose.services.migrate.build).toEqual({ context: '.', target: 'migrate' });
    expect(compose.services.migrate.command).toBeUndefined();
    expect(dockerfile).toMatch(/^FROM .* AS migrate$/m);
    for (const context of ['auth', 'todos', 'ai']) {
      expect(compose.services[context].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(compose.services.gateway.depends_on?.[context]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('builds what the Dockerfile starts: dist/apps/<APP>/src/main.js, the apps’ Nest entry files', () => {
    expect(dockerfile).toMatch(/^FROM .* AS build$/m);
    expect(dockerfile).toMatch(/^ARG APP=/m);
    expect(dockerfile).toContain('dist/apps/${FICUS_APP}/src/main.js');
    const nest = JSON.parse(readFileSync(resolve(ROOT, 'nest-cli.json'), 'utf8')) as { projects: Record<string, { entryFile: string }> };
    for (const app of APPS) expect(nest.projects[app].entryFile).toBe(`apps/${app}/src/main`);
  });
});
