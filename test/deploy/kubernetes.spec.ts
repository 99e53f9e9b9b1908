import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppConfig, ConfigError, configKeys, loadConfig, serviceTrustProblems, type ContextName } from '@ficus/common';
import { newServiceKey, servicePublicKeys } from '../../tools/start/dev-keys.js';
import { generateSigningKeyPem } from '../support/jwt-keys.js';
import { effectiveEnv, mebibytes, podTemplate, renderOverlay, schemaProblems, type Container, type K8sObject } from '../support/kubernetes.js';

// deploy/k8s rendered by `kubectl kustomize` and checked offline: every object against the
// Kubernetes API's schemas, every Deployment against what the apps need (README, "Kubernetes").
const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');
const CONTEXTS = ['auth', 'todos', 'ai'] as const;
const KNOWN_KEYS = configKeys(AppConfig);
const SERVICE_KEY = newServiceKey();
const SECRET_FILES: Record<string, string> = {
  '/run/secrets/database/url': 'postgresql://ficus:secret@postgres:5432/ficus',
  '/run/secrets/redis/url': 'redis://redis:6379',
  '/run/secrets/auth-jwt/private-keys.pem': generateSigningKeyPem(),
  '/run/secrets/service/private-keys.pem': SERVICE_KEY,
  '/run/secrets/service/nats-password': 'p0123456789abcdef',
  '/run/config/service-public-keys/public-keys': servicePublicKeys({ gateway: SERVICE_KEY, auth: SERVICE_KEY, todos: SERVICE_KEY, ai: SERVICE_KEY }).split(',').join('\n'),
};

const ofKind = (objects: readonly K8sObject[], kind: string): K8sObject[] => objects.filter((object) => object.kind === kind);
const appContainer = (deployment: K8sObject): Container => podTemplate(deployment).spec.containers[0];
const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean => Object.entries(selector).every(([key, value]) => labels[key] === value);

describe.each([
  ['single-process', ['ficus-gateway']],
  ['split', ['ficus-ai', 'ficus-auth', 'ficus-gateway', 'ficus-todos']],
])('deploy/k8s overlay %s', (overlay, apps) => {
  const objects = renderOverlay(overlay);
  const deployments = ofKind(objects, 'Deployment');
  const secretsDir = mkdtempSync(join(tmpdir(), 'ficus-k8s-'));
  afterAll(() => rmSync(secretsDir, { recursive: true, force: true }));

  /** The configuration an app's container would load, secret files replaced by samples. */
  const configOf = (deployment: K8sObject): AppConfig => {
    const env = effectiveEnv(appContainer(deployment), objects);
    for (const [name, path] of Object.entries(env).filter(([key]) => key.endsWith('_FILE'))) {
      if (!(path in SECRET_FILES)) throw new Error(`${deployment.metadata.name}: ${name} names ${path}, which this test has no sample for`);
      const sample = join(secretsDir, path.replaceAll('/', '_'));
      writeFileSync(sample, SECRET_FILES[path]);
      env[name] = sample;
    }
    return loadConfig(AppConfig, env);
  };

  it('renders objects that pass the Kubernetes API schemas', () => {
    expect(deployments.map((deployment) => deployment.metadata.name).toSorted()).toEqual(apps);
    expect(schemaProblems(objects)).toEqual([]);
  });

  it.each(apps)('%s: a valid Ficus configuration, probes on /health and /ready, metrics on METRICS_PORT', (name) => {
    const deployment = deployments.find((candidate) => candidate.metadata.name === name) as K8sObject;
    const container = appContainer(deployment);
    const unknown = Object.keys(effectiveEnv(container, objects)).filter((key) => key !== 'NODE_OPTIONS' && !KNOWN_KEYS.has(key.replace(/_FILE$/, '')));
    expect(unknown).toEqual([]);
    let config: AppConfig | undefined;
    expect(() => (config = configOf(deployment))).not.toThrow(ConfigError);
    // What the app checks at start beyond each setting: keys, and Redis where it serves a context.
    const serves = name === 'ficus-gateway' ? undefined : (name.replace(/^ficus-/, '') as ContextName);
    expect(config && serviceTrustProblems(name.replace(/^ficus-/, ''), serves, config)).toEqual([]);
    const ports = Object.fromEntries((container.ports ?? []).map((port) => [port.name, port.containerPort]));
    expect(ports).toEqual({ http: config?.PORT, metrics: config?.METRICS_PORT });
    expect(podTemplate(deployment).metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(config?.METRICS_PORT) });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.startupProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });
    // Every secret is a file from a mounted Secret, and that Secret is documented.
    const secretVolumes = new Map((podTemplate(deployment).spec.volumes ?? []).flatMap((volume) => (volume.secret ? [[volume.name, volume.secret.secretName] as const] : [])));
    for (const path of Object.values(effectiveEnv(container, objects)).filter((value) => value.startsWith('/run/secrets/'))) {
      const mount = container.volumeMounts?.find((candidate) => path.startsWith(`${candidate.mountPath}/`));
      expect(secretVolumes.has(mount?.name ?? '')).toBe(true);
    }
    for (const secret of secretVolumes.values()) expect(README).toContain(`\`${secret}\``);
  });

  it('stops within terminationGracePeriodSeconds: preStop wait, then the drain and grace periods', () => {
    for (const deployment of deployments) {
      const config = configOf(deployment);
      const [sleep, seconds] = appContainer(deployment).lifecycle?.preStop?.exec?.command ?? [];
      expect(sleep).toBe('sleep');
      const needed = Number(seconds) + (config.drainDelayMs + config.SHUTDOWN_GRACE_PERIOD_MS) / 1000;
      expect(config.drainDelayMs).toBeGreaterThan(0);
      const granted = podTemplate(deployment).spec.terminationGracePeriodSeconds ?? 30;
      expect(granted).toBeGreaterThan(needed);
      expect(granted).toBeLessThanOrEqual(needed + 10);
    }
  });

  it('sizes memory from measured RSS, caps the V8 heap below the limit, and runs unprivileged', () => {
    for (const deployment of deployments) {
      const container = appContainer(deployment);
      const request = mebibytes(container.resources?.requests?.memory ?? '');
      const limit = mebibytes(container.resources?.limits?.memory ?? '');
      expect(request).toBeGreaterThanOrEqual(128);
      expect(limit).toBeGreaterThan(request);
      const heap = Number(/--max-old-space-size=(\d+)/.exec(effectiveEnv(container, objects).NODE_OPTIONS ?? '')?.[1]);
      expect(heap).toBeLessThanOrEqual(limit * 0.6);
      expect(podTemplate(deployment).spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    }
  });

  /** The contexts an app hosts: its own (a context app), or the gateway's in-process ones. */
  const hosts = (deployment: K8sObject): string[] => {
    const config = configOf(deployment);
    const served = deployment.metadata.name.replace(/^ficus-/, '');
    return CONTEXTS.filter((context) => context === served || (served === 'gateway' && config.transportFor(context) === 'local'));
  };

  it('gives the signing key to the one app hosting auth, and the database only to apps hosting a context', () => {
    for (const deployment of deployments) {
      const config = configOf(deployment);
      expect(Boolean(config.AUTH_JWT_PRIVATE_KEYS)).toBe(hosts(deployment).includes('auth'));
      expect(Boolean(config.DATABASE_URL)).toBe(hosts(deployment).length > 0);
      expect(Boolean(config.REDIS_URL)).toBe(true);
      // In the split topology each app has a service key and a NATS user of its own.
      expect([Boolean(config.SERVICE_PRIVATE_KEYS), config.NATS_USER]).toEqual(overlay === 'split' ? [true, deployment.metadata.name.replace(/^ficus-/, '')] : [false, undefined]);
    }
    expect(deployments.flatMap(hosts).toSorted()).toEqual(['ai', 'auth', 'todos']);
  });

  it('protects every app with a PodDisruptionBudget and scales the gateway with an HPA', () => {
    const budgets = ofKind(objects, 'PodDisruptionBudget');
    for (const deployment of deployments) {
      const labels = podTemplate(deployment).metadata.labels;
      const budget = budgets.find((candidate) => matches((candidate.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels, labels));
      expect(budget?.spec).toMatchObject({ minAvailable: 1 });
    }
    const [hpa] = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(hpa.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name: 'ficus-gateway' }, minReplicas: 2 });
    // The HPA owns the gateway's replica count; the contexts run two each.
    for (const deployment of deployments) expect(deployment.spec?.replicas).toBe(deployment.metadata.name === 'ficus-gateway' ? undefined : 2);
  });

  it('migrates with the migrate image as a non-root Job', () => {
    const [job] = ofKind(objects, 'Job');
    const container = podTemplate(job).spec.containers[0];
    expect(container.image).toMatch(/^ficus-migrate:/);
    expect(effectiveEnv(container, objects)).toEqual({ DATABASE_URL_FILE: '/run/secrets/database/url' });
    expect(podTemplate(job).spec.securityContext).toMatchObject({ runAsNonRoot: true });
  });

  it('lets only the gateway be reached from outside, and the metrics port from the monitoring namespace', () => {
    interface Policy {
      podSelector: { matchLabels?: Record<string, string> };
      policyTypes: string[];
      ingress?: { from?: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports?: { port: string }[] }[];
    }
    const policies = ofKind(objects, 'NetworkPolicy').map((policy) => policy.spec as unknown as Policy);
    expect(policies).toContainEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const openToAll = policies.filter((policy) => (policy.ingress ?? []).some((rule) => rule.from === undefined));
    expect(openToAll.map((policy) => [policy.podSelector.matchLabels, policy.ingress?.flatMap((rule) => rule.ports?.map((port) => port.port))])).toEqual([[{ 'app.kubernetes.io/name': 'ficus-gateway' }, ['http']]]);
    const metrics = policies.find((policy) => policy.ingress?.some((rule) => rule.ports?.some((port) => port.port === 'metrics')));
    expect(metrics?.ingress?.[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);
    for (const deployment of deployments) expect(matches(metrics?.podSelector.matchLabels ?? { none: 'none' }, podTemplate(deployment).metadata.labels)).toBe(true);
  });
});
