import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { alloyComponents } from '../support/alloy-syntax.js';
import { composeSource, loadCompose, REPO_ROOT } from '../support/compose.js';
import { promtool } from '../support/promtool.js';

// docker-compose.yml and every file it mounts, checked by real validators where one installs
// here: the Compose Specification's JSON schema (ajv), caddy for the Caddyfile, nats-server for
// its configuration, promtool for Prometheus'. Each check is also shown a broken copy, so none
// passes whatever the file says. The dashboard is checked against running apps in
// test/deploy/grafana-dashboard.e2e-spec.ts.
//
// schema/compose-spec.json is the Compose Specification's schema, vendored unchanged from
// https://github.com/compose-spec/compose-spec/blob/a08f8d51631b7127ddac3d2c65537db429d0f1d0/schema/compose-spec.json
// (its last change, 2025-10-28); to update it, take the file again from the repository's main branch.
const SCHEMA = JSON.parse(readFileSync(resolve(__dirname, 'schema/compose-spec.json'), 'utf8')) as Record<string, unknown>;
const compose = loadCompose();

const ajv = new Ajv({ allErrors: true, strict: false });
// The schema names draft-07's meta-schema by its https address; ajv knows it by the http one.
const draft07 = JSON.parse(readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-07.json'), 'utf8')) as Record<string, unknown>;
ajv.addMetaSchema({ ...draft07, $id: String(SCHEMA.$schema) });
const validateCompose = ajv.compile(SCHEMA);
const schemaErrors = (document: unknown): string[] =>
  validateCompose(document) ? [] : (validateCompose.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);

/** Runs a checker installed by .ci/ensure-services.sh; missing, it fails the test rather than skipping it. */
function run(program: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; output: string } {
  const result = spawnSync(program, args, { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: tmpdir(), ...env } });
  if (result.error) throw new Error(`${program} did not run (.ci/ensure-services.sh installs it): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const caddyValidate = (file: string) => run('caddy', ['validate', '--adapter', 'caddyfile', '--config', file]);
const natsServer = (command: string): string => (existsSync(command) ? command : 'nats-server');
const natsConfigTest = (file: string) =>
  run(natsServer('/usr/sbin/nats-server'), ['-t', '-c', file], { NATS_GATEWAY_PASSWORD: 'pa', NATS_AUTH_PASSWORD: 'pb', NATS_TODOS_PASSWORD: 'pc', NATS_AI_PASSWORD: 'pd' });

/** Every file the compose file names: its configs' and secrets' files and its bind mounts. */
function referencedFiles(): string[] {
  const objects = [...Object.values(compose.configs ?? {}), ...Object.values(compose.secrets ?? {})];
  const mounts = Object.values(compose.services).flatMap((service) => (service.volumes ?? []).map((volume) => volume.split(':')[0]).filter((source) => source.startsWith('.')));
  return [...objects.flatMap((object) => (object.file ? [object.file] : [])), ...mounts];
}

describe('docker-compose.yml against the Compose Specification', () => {
  let scratch: string;
  beforeAll(() => (scratch = mkdtempSync(join(tmpdir(), 'ficus-compose-'))));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is valid against the Compose Specification’s JSON schema', () => {
    expect(schemaErrors(compose)).toEqual([]);
  });

  it('the schema check fails a file that is not valid compose', () => {
    expect(schemaErrors(loadCompose(composeSource().replace('    restart: unless-stopped\n', '    restart: unless-stopped\n    restart_policy: always\n')))).not.toEqual([]);
    expect(schemaErrors(loadCompose(composeSource().replace('stop_grace_period: 30s', 'stop_grace_period: [30]')))).not.toEqual([]);
  });

  it('names only files that exist, each of a kind checked below', () => {
    const files = referencedFiles();
    expect(files.length).toBeGreaterThanOrEqual(9);
    expect(files.filter((file) => !existsSync(resolve(REPO_ROOT, file)))).toEqual([]);
    expect(files.filter((file) => !/(\.ya?ml|\.json|\.alloy|\.conf|\/Caddyfile)$/.test(file))).toEqual([]);
    const contexts = Object.values(compose.services).flatMap((service) => (service.build ? [service.build.context ?? '.'] : []));
    expect(contexts.filter((context) => !existsSync(resolve(REPO_ROOT, context, 'Dockerfile')))).toEqual([]);
  });

  it('every YAML and JSON file it names parses', () => {
    for (const file of referencedFiles().filter((name) => /\.(ya?ml|json)$/.test(name))) {
      const text = readFileSync(resolve(REPO_ROOT, file), 'utf8');
      expect([file, typeof (file.endsWith('.json') ? JSON.parse(text) : parse(text))]).toEqual([file, 'object']);
    }
  });

  it('the Caddyfile passes caddy validate, which rejects a broken one', () => {
    const file = resolve(REPO_ROOT, compose.configs?.caddyfile.file ?? '');
    expect(caddyValidate(file)).toMatchObject({ status: 0 });
    const broken = join(scratch, 'Caddyfile');
    writeFileSync(broken, readFileSync(file, 'utf8').replace('lb_policy round_robin', 'lb_policy round_robbin'));
    expect(caddyValidate(broken).status).not.toBe(0);
  });

  it('the NATS configuration passes nats-server -t, which rejects a broken one', () => {
    const file = resolve(REPO_ROOT, compose.configs?.nats_server_conf.file ?? '');
    expect(natsConfigTest(file)).toMatchObject({ status: 0 });
    const broken = join(scratch, 'nats-server.conf');
    writeFileSync(broken, `${readFileSync(file, 'utf8')}\nauthorization {\n`);
    expect(natsConfigTest(broken).status).not.toBe(0);
  });

  it('the Prometheus configuration it mounts passes promtool check config, with the alert rules beside it', () => {
    const config = resolve(REPO_ROOT, compose.configs?.prometheus_config.file ?? '');
    expect(promtool(['check', 'config', config])).toMatchObject({ status: 0 });
    // Mounted side by side in /etc/prometheus, as they are side by side in deploy/prometheus.
    expect(resolve(config, '..')).toBe(resolve(REPO_ROOT, compose.configs?.prometheus_alerts.file ?? '', '..'));
  });

  it('Loki keeps its data on its volume and accepts the structured metadata Alloy sends', () => {
    const loki = parse(readFileSync(resolve(REPO_ROOT, compose.configs?.loki_config.file ?? ''), 'utf8')) as {
      common: { path_prefix: string };
      schema_config: { configs: { store: string; schema: string }[] };
      limits_config: { allow_structured_metadata: boolean };
      server: { http_listen_port: number };
    };
    expect(compose.services.loki.volumes).toEqual([`loki-data:${loki.common.path_prefix}`]);
    // Structured metadata needs the tsdb store and schema v13.
    expect(loki.schema_config.configs.at(-1)).toMatchObject({ store: 'tsdb', schema: 'v13' });
    expect(loki.limits_config.allow_structured_metadata).toBe(true);
    const alloy = readFileSync(resolve(REPO_ROOT, compose.configs?.alloy_config.file ?? ''), 'utf8');
    expect(alloy).toContain(`url = "http://loki:${loki.server.http_listen_port}/loki/api/v1/push"`);
    expect(alloy).toMatch(/stage\.structured_metadata \{\s+values = \{\s+trace_id = "",/);
  });

  it('the Alloy configuration is well-formed and every component it forwards to or reads from is defined', () => {
    const source = readFileSync(resolve(REPO_ROOT, compose.configs?.alloy_config.file ?? ''), 'utf8');
    const components = alloyComponents(source);
    const defined = new Set(components.map((component) => `${component.kind}.${component.label}`));
    expect([...defined]).toEqual(['discovery.docker.ficus', 'discovery.relabel.ficus', 'loki.source.docker.ficus', 'loki.process.ficus', 'loki.write.loki']);
    const used = components.flatMap((component) => [...component.body.matchAll(/\b((?:discovery|loki)\.[a-z_.]+)\.(?:receiver|targets|rules|output)\b/g)].map((match) => match[1]));
    expect(used.length).toBeGreaterThanOrEqual(4);
    expect(used.filter((name) => !defined.has(name))).toEqual([]);
    expect(() => alloyComponents(source.replace('forward_to = [loki.write.loki.receiver]\n}', 'forward_to = [loki.write.loki.receiver]\n'))).toThrow(/never closed/);
    expect(() => alloyComponents(`${source}\nloki.write {}\n`)).toThrow(/not a component block/);
  });

  it('Grafana provisions the data sources the dashboard and the links between logs and traces use', () => {
    const datasources = parse(readFileSync(resolve(REPO_ROOT, compose.configs?.grafana_datasources.file ?? ''), 'utf8')) as {
      datasources: { uid: string; type: string; url: string; jsonData?: { derivedFields?: { datasourceUid: string; matcherRegex: string; url: string }[]; tracesToLogsV2?: { datasourceUid: string } } }[];
    };
    const byUid = Object.fromEntries(datasources.datasources.map((source) => [source.uid, source]));
    expect(Object.keys(byUid)).toEqual(['prometheus', 'loki', 'jaeger']);
    expect(byUid.prometheus.url).toBe('http://prometheus:9090');
    expect(byUid.loki.url).toBe('http://loki:3100');
    expect(byUid.jaeger.url).toBe('http://jaeger:16686');
    // The derived field finds the trace id in a real log line and opens it in Jaeger.
    const [field] = byUid.loki.jsonData?.derivedFields ?? [];
    expect(field.datasourceUid).toBe('jaeger');
    expect(field.url).toBe('$${__value.raw}');
    const line = JSON.stringify({ level: 30, name: 'gateway', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7', msg: 'request completed' });
    expect(new RegExp(field.matcherRegex).exec(line)?.[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(byUid.jaeger.jsonData?.tracesToLogsV2?.datasourceUid).toBe('loki');
    const providers = parse(readFileSync(resolve(REPO_ROOT, compose.configs?.grafana_dashboards.file ?? ''), 'utf8')) as { providers: { options: { path: string } }[] };
    const dashboardTarget = (compose.services.grafana.configs ?? []).flatMap((config) => (typeof config === 'string' || config.source !== 'grafana_dashboard_ficus' ? [] : [config.target]));
    expect(dashboardTarget).toEqual([`${providers.providers[0].options.path}/ficus.json`]);
    const dashboard = JSON.parse(readFileSync(resolve(REPO_ROOT, compose.configs?.grafana_dashboard_ficus.file ?? ''), 'utf8')) as { panels: { datasource?: { uid: string } }[] };
    expect(dashboard.panels.filter((panel) => panel.datasource && !(panel.datasource.uid in byUid))).toEqual([]);
  });
});
