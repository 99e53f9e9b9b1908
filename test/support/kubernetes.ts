import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The parts of Kubernetes objects the deploy/k8s tests read. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

export interface Container {
  name: string;
  image: string;
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  startupProbe?: { httpGet?: { path: string; port: string } };
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
}

export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    containers: Container[];
    volumes?: { name: string; secret?: { secretName: string }; configMap?: { name: string } }[];
    securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
    terminationGracePeriodSeconds?: number;
  };
}

const ROOT = resolve(__dirname, '../..');

/** `kubectl kustomize deploy/k8s/overlays/<overlay>`, parsed; a missing kubectl fails the test. */
export function renderOverlay(overlay: string): K8sObject[] {
  const result = spawnSync('kubectl', ['kustomize', resolve(ROOT, 'deploy/k8s/overlays', overlay)], { encoding: 'utf8', timeout: 60_000 });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? 'kubectl is not installed: run .ci/ensure-services.sh' : `kubectl failed to run: ${result.error.message}`);
  }
  if (result.status !== 0) throw new Error(`kubectl kustomize ${overlay} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout).map((document) => document.toJS() as K8sObject);
}

/** Problems the Kubernetes API's schemas find in the objects (none: an empty list). */
export function schemaProblems(objects: readonly K8sObject[]): string[] {
  const result = spawnSync(process.execPath, [resolve(__dirname, 'kubernetes-schema.mjs')], { input: JSON.stringify(objects), encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`the schema check failed to run:\n${result.stderr}`);
  return JSON.parse(result.stdout) as string[];
}

/** The pod template of a Deployment or Job. */
export const podTemplate = (object: K8sObject): PodTemplate => (object.spec as { template: PodTemplate }).template;

/** A container's environment as the app sees it: its ConfigMaps' data, then its own `env`. */
export function effectiveEnv(container: Container, objects: readonly K8sObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const configMap = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === source.configMapRef?.name);
    if (!configMap) throw new Error(`ConfigMap ${source.configMapRef?.name} is not part of the output`);
    Object.assign(env, configMap.data);
  }
  for (const variable of container.env ?? []) env[variable.name] = variable.value ?? '';
  return env;
}

/** `256Mi` → 256; only the binary units the manifests use. */
export function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}
