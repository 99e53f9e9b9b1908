import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { environmentOf, loadCompose, REPO_ROOT, sourceOf, type ComposeService } from '../support/compose.js';

// No Docker engine runs the compose file in CI: test/compose/compose-schema.spec.ts validates it
// against the Compose Specification and checks the files it mounts; this checks that it describes
// the split topology of start:split behind its edge, with the observability stack.
const compose = loadCompose();
const dockerfile = readFileSync(resolve(REPO_ROOT, 'Dockerfile'), 'utf8');
const GATEWAYS = ['gateway-1', 'gateway-2'];
/** Each app's services: the gateway runs as two replicas. */
const SERVICES: Record<string, string[]> = { gateway: GATEWAYS, auth: ['auth'], todos: ['todos'], ai: ['ai'] };
const APP_SERVICES = Object.entries(SERVICES).flatMap(([app, services]) => services.map((service) => [app, service] as const));
const CONTAINER_USER = { uid: '1000', gid: '1000', mode: '0400' };

const service = (name: string): ComposeService => compose.services[name];
const secretsOf = (name: string): string[] => (service(name).secrets ?? []).map(sourceOf);

describe('docker-compose.yml', () => {
  it('is a Compose v2 project named ficus', () => {
    expect(compose.name).toBe('ficus');
  });

  it('runs PostgreSQL 17, Redis 7 and NATS with JetStream', () => {
    expect(service('postgres').image).toMatch(/^postgres:17/);
    expect(service('redis').image).toMatch(/^redis:7/);
    expect(service('nats').image).toMatch(/^nats:2/);
    expect(service('nats').command).toContain('-js');
  });

  it.each(APP_SERVICES)('runs %s (service %s) from the Dockerfile, on NATS for every context, with the shared services', (app, name) => {
    const env = environmentOf(service(name));
    expect(service(name).build).toEqual({ context: '.', args: { APP: app } });
    expect(env).toMatchObject({ AUTH_TRANSPORT: 'nats', TODOS_TRANSPORT: 'nats', AI_TRANSPORT: 'nats', NATS_URL: 'nats://nats:4222' });
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/[^@]+@postgres:5432\/\w+$/);
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(service(name).healthcheck?.test?.join(' ')).toContain(`:${env.PORT}/health`);
  });

  it.each(APP_SERVICES)('gives %s (service %s) a service key and a NATS user of its own, and every app’s public key', (app, name) => {
    const env = environmentOf(service(name));
    expect(env.SERVICE_PRIVATE_KEYS_FILE).toBe(`/run/secrets/service_key_${app}`);
    expect(secretsOf(name)).toContain(`service_key_${app}`);
    expect(compose.secrets?.[`service_key_${app}`]).toEqual({ environment: `FICUS_SERVICE_KEY_${app.toUpperCase()}` });
    expect(env.SERVICE_PUBLIC_KEYS_FILE).toBe('/run/configs/service_public_keys');
    expect(service(name).configs).toEqual([{ source: 'service_public_keys', target: '/run/configs/service_public_keys' }]);
    expect(compose.configs?.service_public_keys).toEqual({ environment: 'FICUS_SERVICE_PUBLIC_KEYS' });
    // Required, never defaulted: compose stops with the message when it is unset.
    expect(env.NATS_USER).toBe(app);
    expect(env.NATS_PASSWORD).toMatch(new RegExp(`^\\$\\{NATS_${app.toUpperCase()}_PASSWORD:\\?.+\\}$`));
    expect(environmentOf(service('nats'))[`NATS_${app.toUpperCase()}_PASSWORD`]).toBe(env.NATS_PASSWORD);
    // No app holds another's key.
    expect(secretsOf(name).filter((secret) => secret.startsWith('service_key_'))).toEqual([`service_key_${app}`]);
  });

  it.each(APP_SERVICES)('hands %s (service %s) its secrets as files of the container user, from variables, whoever owns the keys on the host', (_app, name) => {
    // Compose bind-mounts secrets from files as they are (uid, gid and mode ignored), so a key of
    // mode 0600 would be unreadable for uid 1000 unless the host user is uid 1000; secrets from
    // variables it writes into the container with the uid, gid and mode given here.
    for (const reference of service(name).secrets ?? []) {
      expect(reference).toEqual({ source: sourceOf(reference), ...CONTAINER_USER });
      expect(compose.secrets?.[sourceOf(reference)]).toEqual({ environment: expect.stringMatching(/^FICUS_[A-Z_]+$/) });
    }
    expect(dockerfile).toMatch(/^USER node$/m); // uid 1000 (the Dockerfile's node stage)
  });

  it('runs NATS with the shipped configuration: one user per app, each allowed only its own subjects', () => {
    const nats = service('nats');
    expect(nats.command?.slice(0, 2)).toEqual(['-c', '/etc/nats/nats-server.conf']);
    expect(nats.configs).toEqual([{ source: 'nats_server_conf', target: '/etc/nats/nats-server.conf' }]);
    expect(compose.configs?.nats_server_conf.file).toBe('./deploy/nats/nats-server.conf');
  });

  it('gives the signing key to auth alone, as a compose secret', () => {
    const keyed = APP_SERVICES.filter(([, name]) => 'AUTH_JWT_PRIVATE_KEYS_FILE' in environmentOf(service(name)) || 'AUTH_JWT_PRIVATE_KEYS' in environmentOf(service(name)));
    expect(keyed.map(([, name]) => name)).toEqual(['auth']);
    expect(environmentOf(service('auth')).AUTH_JWT_PRIVATE_KEYS_FILE).toBe('/run/secrets/auth_jwt_private_keys');
    expect(secretsOf('auth')).toEqual(['auth_jwt_private_keys', 'service_key_auth']);
    expect(Object.keys(compose.services).filter((name) => secretsOf(name).includes('auth_jwt_private_keys'))).toEqual(['auth']);
    expect(compose.secrets?.auth_jwt_private_keys).toEqual({ environment: 'FICUS_AUTH_JWT_KEY' });
  });

  it('passes the model settings from the shell to the ai app alone, defaulting to nothing', () => {
    const modelKeys = ['AI_PROVIDER', 'AI_BASE_URL', 'AI_API_KEY', 'AI_MODEL'];
    const ai = environmentOf(service('ai'));
    // A key without a value is compose's pass-through: set in the container only if set in the shell.
    for (const key of modelKeys) expect([key, ai[key]]).toEqual([key, null]);
    for (const [, name] of APP_SERVICES.filter(([app]) => app !== 'ai')) expect(Object.keys(environmentOf(service(name)))).not.toContain('AI_API_KEY');
    expect(service('ai').extra_hosts).toEqual(['host.docker.internal:host-gateway']);
  });

  it('publishes only Caddy on port 3000, and the observability UIs on loopback', () => {
    const published = Object.fromEntries(Object.entries(compose.services).flatMap(([name, each]) => (each.ports ? [[name, each.ports]] : [])));
    expect(published).toEqual({
      caddy: ['3000:3000'],
      grafana: ['127.0.0.1:3001:3000'],
      prometheus: ['127.0.0.1:9090:9090'],
      jaeger: ['127.0.0.1:16686:16686'],
    });
  });

  it('puts Caddy in front of two gateway replicas, round robin over those whose /ready answers', () => {
    expect(service('caddy').image).toMatch(/^caddy:2/);
    expect(service('caddy').configs).toEqual([{ source: 'caddyfile', target: '/etc/caddy/Caddyfile' }]);
    expect(service('caddy').depends_on).toEqual(Object.fromEntries(GATEWAYS.map((name) => [name, { condition: 'service_healthy' }])));
    const caddyfile = readFileSync(resolve(REPO_ROOT, compose.configs?.caddyfile.file ?? ''), 'utf8');
    expect(caddyfile).toMatch(new RegExp(`^\\s*reverse_proxy ${GATEWAYS.map((name) => `${name}:3000`).join(' ')} \\{$`, 'm'));
    expect(caddyfile).toMatch(/^\s*lb_policy round_robin$/m);
    expect(caddyfile).toMatch(/^\s*health_uri \/ready$/m);
    for (const name of GATEWAYS) {
      // One hop trusted: Caddy's X-Forwarded-For names the client (rate limits per address).
      expect(environmentOf(service(name)).TRUST_PROXY).toBe('1');
      // Prometheus finds both replicas by the name `gateway`.
      expect(service(name).networks).toEqual({ default: { aliases: ['gateway'] } });
    }
  });

  it('has every app serve /metrics on METRICS_PORT, which Prometheus scrapes, and send traces to Jaeger', () => {
    const prometheus = readFileSync(resolve(REPO_ROOT, compose.configs?.prometheus_config.file ?? ''), 'utf8');
    for (const [app, name] of APP_SERVICES) {
      const env = environmentOf(service(name));
      expect(env.METRICS_PORT).toBe('9464');
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
      expect(prometheus).toMatch(new RegExp(`- names: \\[${app}\\]\\s+type: A\\s+port: ${env.METRICS_PORT}`));
    }
    expect(service('prometheus').configs).toEqual([
      { source: 'prometheus_config', target: '/etc/prometheus/prometheus.yml' },
      { source: 'prometheus_alerts', target: '/etc/prometheus/alerts.yml' },
    ]);
    expect(compose.configs?.prometheus_alerts.file).toBe('./deploy/prometheus/alerts.yml');
  });

  it('runs Jaeger, Loki with Alloy shipping this project’s container logs, and Grafana with its provisioning', () => {
    expect(service('jaeger').image).toMatch(/^jaegertracing\/jaeger:2\./);
    expect(service('loki').image).toMatch(/^grafana\/loki:3\./);
    expect(service('alloy').image).toMatch(/^grafana\/alloy:/);
    expect(service('alloy').volumes).toEqual(['/var/run/docker.sock:/var/run/docker.sock:ro']);
    const alloy = readFileSync(resolve(REPO_ROOT, compose.configs?.alloy_config.file ?? ''), 'utf8');
    expect(alloy).toContain(`com.docker.compose.project=${compose.name}`);
    expect(service('grafana').image).toMatch(/^grafana\/grafana:/);
    expect((service('grafana').configs ?? []).map((config) => (typeof config === 'string' ? config : config.target))).toEqual([
      '/etc/grafana/provisioning/datasources/ficus.yml',
      '/etc/grafana/provisioning/dashboards/ficus.yml',
      '/etc/grafana/dashboards/ficus.json',
    ]);
  });

  it('migrates before the contexts start, and starts the gateways after them', () => {
    // The Dockerfile's migrate image runs the migration tool as its command.
    expect(service('migrate').build).toEqual({ context: '.', target: 'migrate' });
    expect(service('migrate').command).toBeUndefined();
    expect(dockerfile).toMatch(/^FROM .* AS migrate$/m);
    for (const context of ['auth', 'todos', 'ai']) {
      expect(service(context).depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' } });
      for (const name of GATEWAYS) expect(service(name).depends_on).toMatchObject({ [context]: { condition: 'service_healthy' } });
    }
  });

  it('builds what the Dockerfile starts: dist/apps/<APP>/src/main.js, the apps’ Nest entry files', () => {
    expect(dockerfile).toMatch(/^FROM .* AS build$/m);
    expect(dockerfile).toMatch(/^ARG APP=/m);
    expect(dockerfile).toContain('dist/apps/${FICUS_APP}/src/main.js');
    const nest = JSON.parse(readFileSync(resolve(REPO_ROOT, 'nest-cli.json'), 'utf8')) as { projects: Record<string, { entryFile: string }> };
    for (const app of Object.keys(SERVICES)) expect(nest.projects[app].entryFile).toBe(`apps/${app}/src/main`);
  });
});
