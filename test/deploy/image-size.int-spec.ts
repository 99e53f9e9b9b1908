import { randomInt, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clean } from 'clean-modules';
import { startAppProcess, type AppProcess } from '../support/app-process.js';
import { dockerfileSource, dockerStage, dockerStages, instructionArgs } from '../support/dockerfile.js';
import { eventually } from '../support/eventually.js';
import { generateSigningKeyPem } from '../support/jwt-keys.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';
import { requireService } from '../support/services.js';
import { stopProcess } from '../support/topology.js';

// The gateway image without a container engine: its files are replayed into a folder (the
// run-time dependencies installed and cleaned as the build stage does it, the runtime stage's
// COPYs, the node binary stripped as the build stage strips it), then measured, and the gateway
// is run from that folder with that binary. The base image is the one number taken from outside.
const ROOT = resolve(__dirname, '../..');
const LIMIT = 250e6;
/**
 * debian:trixie-slim (linux/amd64) unpacked: about 79 MB (29 MB compressed); counted as 80 MB,
 * plus 1 MB for the layer that adds the node user. Update it with the base image.
 */
const BASE_IMAGE_BYTES = 81e6;
const runtimeStage = dockerStage(dockerStages(dockerfileSource()), 'runtime');

/** Bytes a path adds to an image layer: each entry as tar stores it (512-byte header, content in 512-byte blocks). */
function layerBytes(path: string): number {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return 512 + Math.ceil(stat.size / 512) * 512;
  return readdirSync(path).reduce((sum, entry) => sum + layerBytes(join(path, entry)), 512);
}

function run(command: string, args: readonly string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 150_000, env: process.env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.error?.message ?? ''}${result.stdout}${result.stderr}`);
}

describe('the gateway image', () => {
  let folder: string;
  let app: string;
  let node: string;
  let gateway: AppProcess | undefined;
  let receiver: OtlpReceiver | undefined;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'ficus-image-'));
    // The build stage's /runtime: the lockfile's run-time dependencies, cleaned (dockerfile.spec.ts
    // checks that the Dockerfile runs these commands). From npm's cache where it can.
    const runtime = join(folder, 'runtime');
    mkdirSync(runtime);
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(resolve(ROOT, file), join(runtime, file));
    run('npm', ['pkg', 'delete', 'devDependencies'], runtime);
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], runtime);
    await clean({ directory: join(runtime, 'node_modules'), globFile: resolve(ROOT, 'deploy/docker/runtime.cleanmodules') });
    // The runtime stage's COPYs into its WORKDIR; the build stage's /app is this repository, built.
    app = join(folder, 'app');
    for (const copy of instructionArgs(runtimeStage, 'COPY')) {
      const [, source, target] = /^--from=build (\S+) (\S+)$/.exec(copy) ?? [];
      const origin = source === '/runtime/node_modules' ? join(runtime, 'node_modules') : resolve(ROOT, source.replace(/^\/app\//, ''));
      cpSync(origin, resolve(app, target, target.endsWith('/') ? source.split('/').at(-1) ?? '' : ''), { recursive: true });
    }
    // The node binary as the build stage strips it.
    node = join(folder, 'node');
    run('strip', ['--strip-all', '-o', node, process.execPath], folder);
  }, 180_000);
  afterAll(async () => {
    if (gateway) await stopProcess(gateway);
    await receiver?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('is replayed with the node the image runs (Node 24), holding what the runtime stage copies', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(instructionArgs(runtimeStage, 'WORKDIR')).toEqual(['/app']);
    expect(instructionArgs(runtimeStage, 'COPY')).toEqual([
      '--from=build /app/package.json ./',
      '--from=build /runtime/node_modules ./node_modules',
      '--from=build /app/dist/apps ./dist/apps',
      '--from=build /app/dist/libs ./dist/libs',
    ]);
    expect(readdirSync(app).toSorted()).toEqual(['dist', 'node_modules', 'package.json']);
    expect(statSync(join(app, 'dist/apps/gateway/src/main.js')).isFile()).toBe(true);
  });

  it('holds at most 250 MB: Debian slim, the stripped node binary, the cleaned run-time dependencies and dist/', () => {
    const parts = { base: BASE_IMAGE_BYTES, node: layerBytes(node), node_modules: layerBytes(join(app, 'node_modules')), dist: layerBytes(join(app, 'dist')) + layerBytes(join(app, 'package.json')) };
    const total = Object.values(parts).reduce((sum, bytes) => sum + bytes, 0);
    const breakdown = Object.entries(parts).map(([part, bytes]) => `${part} ${(bytes / 1e6).toFixed(1)} MB`).join(', ');
    expect(total <= LIMIT ? 'within 250 MB' : `${(total / 1e6).toFixed(1)} MB: ${breakdown}`).toBe('within 250 MB');
    // The parts are what they should be: a real install, a real binary.
    expect(parts.node_modules).toBeGreaterThan(10e6);
    expect(parts.node).toBeGreaterThan(50e6);
  });

  it('runs the gateway from those files with that binary: ready, Swagger UI served, a user signed up (Prisma, argon2), traced', async () => {
    // Tracing on, as in the compose stack: the OpenTelemetry SDK and its instrumentations load from the cleaned tree.
    receiver = await startOtlpReceiver();
    gateway = await startAppProcess(
      'gateway',
      {
        NODE_ENV: 'production',
        DATABASE_URL: process.env.DATABASE_URL ?? '',
        REDIS_URL: requireService('REDIS_URL'),
        AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem(),
        AUTH_TRANSPORT: 'local',
        TODOS_TRANSPORT: 'local',
        AI_TRANSPORT: 'local',
        // Tests everywhere sign up from 127.0.0.1 against one Redis: this client names an
        // address of its own, as a client behind a proxy would.
        TRUST_PROXY: '127.0.0.1',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      60_000,
      { node, root: app },
    );
    expect((await fetch(`${gateway.url}/ready`)).status).toBe(200);
    for (const asset of ['docs', 'docs/swagger-ui-bundle.js', 'docs/swagger-ui-standalone-preset.js', 'docs/swagger-ui.css']) {
      expect([asset, (await fetch(`${gateway.url}/${asset}`)).status]).toEqual([asset, 200]);
    }
    const register = await fetch(`${gateway.url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` },
      body: JSON.stringify({ email: `image-${randomUUID()}@example.com`, password: 'correct horse battery staple' }),
    });
    expect([register.status, register.status === 201 ? '' : await register.text()]).toEqual([201, '']);
    const spans = receiver.spans;
    await eventually(() => expect(spans.some((span) => span.service === 'gateway' && span.kind === 2 && String(span.attributes['url.path'] ?? span.name).includes('register'))).toBe(true));
  }, 90_000);
});
