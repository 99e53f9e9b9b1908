import { appNamesOf } from '@ficus/common';
import { FICUS_APPS } from '../../apps/contexts.js';
import { natsPasswordVariable, natsServerConfig } from '../../tools/deploy/nats-server-config.js';
import { effectiveEnv, podTemplate, renderOverlay, schemaProblems, type K8sObject } from '../support/kubernetes.js';

// The split overlay ships its NATS: run with the generated per-app users (the configuration the
// fault suite's nats-permissions spec runs a real server with), each password from that app's
// own Secret, reachable by the apps and nobody else.
const objects = renderOverlay('split');
const named = (kind: string, name: string): K8sObject | undefined => objects.find((object) => object.kind === kind && object.metadata.name === name);
const nats = named('StatefulSet', 'nats') as K8sObject;
const pod = podTemplate(nats);
const [server] = pod.spec.containers;

describe('deploy/k8s overlay split: NATS', () => {
  it('is a StatefulSet the Kubernetes API accepts, with JetStream on a volume', () => {
    expect(nats).toBeDefined();
    expect(schemaProblems([nats])).toEqual([]);
    expect(server.image).toMatch(/^nats:2/);
    const args = (server as { args?: string[] }).args ?? [];
    expect(args.join(' ')).toMatch(/-c \/etc\/nats\/nats-server\.conf -js -sd \/data/);
    expect((nats.spec as { volumeClaimTemplates: { metadata: { name: string } }[] }).volumeClaimTemplates.map((claim) => claim.metadata.name)).toEqual(['data']);
    expect(server.readinessProbe?.httpGet?.path).toBe('/healthz?js-enabled-only=true');
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(server.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  });

  it('runs with the per-app users generated from the code (npm run deploy:nats)', () => {
    const volume = pod.spec.volumes?.find((candidate) => candidate.name === 'config');
    const configMap = named('ConfigMap', volume?.configMap?.name ?? '');
    expect(configMap?.data?.['nats-server.conf']).toBe(natsServerConfig());
    expect(server.volumeMounts).toContainEqual(expect.objectContaining({ name: 'config', mountPath: '/etc/nats' }));
  });

  it('takes each app’s password from the Secret that app connects with', () => {
    const passwords = Object.fromEntries((server.env ?? []).map((variable) => [variable.name, variable.valueFrom?.secretKeyRef]));
    for (const app of appNamesOf(FICUS_APPS)) {
      expect(passwords[natsPasswordVariable(app)]).toEqual({ name: `ficus-service-${app}`, key: 'nats-password' });
      const deployment = named('Deployment', `ficus-${app}`) as K8sObject;
      const appPod = podTemplate(deployment);
      const env = effectiveEnv(appPod.spec.containers[0], objects);
      expect(env.NATS_USER).toBe(app);
      expect(appPod.spec.volumes?.find((volume) => volume.name === 'service')?.secret?.secretName).toBe(`ficus-service-${app}`);
      expect(env.NATS_PASSWORD_FILE).toBe('/run/secrets/service/nats-password');
    }
  });

  it('is what NATS_URL names, and reachable on its client port from the apps only', () => {
    const service = named('Service', 'nats') as K8sObject;
    const gateway = named('Deployment', 'ficus-gateway') as K8sObject;
    expect(new URL(effectiveEnv(podTemplate(gateway).spec.containers[0], objects).NATS_URL).host).toBe(`${service.metadata.name}:4222`);
    expect(service.spec?.selector).toEqual({ 'app.kubernetes.io/name': 'nats' });
    interface Rule {
      from: { podSelector: { matchExpressions: { key: string; operator: string; values: string[] }[] } }[];
      ports: { port: string }[];
    }
    const policy = objects.find((object) => object.kind === 'NetworkPolicy' && (object.spec as { podSelector: { matchLabels?: Record<string, string> } }).podSelector.matchLabels?.['app.kubernetes.io/name'] === 'nats');
    if (!policy) throw new Error('no NetworkPolicy selects the NATS pod');
    const [rule] = (policy.spec as { ingress: Rule[] }).ingress;
    expect(rule.ports).toEqual([{ protocol: 'TCP', port: 'client' }]);
    const [{ matchExpressions }] = rule.from.map((source) => source.podSelector);
    const admitted = (labels: Record<string, string>): boolean => matchExpressions.every((expression) => expression.operator === 'In' && expression.values.includes(labels[expression.key]));
    for (const deployment of objects.filter((object) => object.kind === 'Deployment')) expect([deployment.metadata.name, admitted(podTemplate(deployment).metadata.labels)]).toEqual([deployment.metadata.name, true]);
    expect(admitted(pod.metadata.labels)).toBe(false);
  });
});
