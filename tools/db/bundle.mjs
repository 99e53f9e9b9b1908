// Bundles the migration tool (cli.ts and everything it imports, Ficus' config included) into one
// ES module for the Dockerfile's small `migrate` image, which holds only this file, the schema
// engine's package and prisma/. The engine stays outside: schema-engine.ts finds its .wasm file
// through package resolution. Usage: node tools/db/bundle.mjs [outdir] (default dist/migrate);
// the tool lands in <outdir>/tools/db/cli.mjs, two levels below <outdir>, where it looks for prisma/.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = resolve(root, process.argv[2] ?? 'dist/migrate');

await build({
  entryPoints: [resolve(root, 'tools/db/cli.ts')],
  outfile: resolve(outdir, 'tools/db/cli.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: ['@prisma/schema-engine-wasm'],
  // CommonJS dependencies (pg, class-validator) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __ficusCreateRequire } from 'node:module'; const require = __ficusCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
});
process.stdout.write(`migration tool bundled into ${outdir}/tools/db/cli.mjs\n`);
