// Generates each context's Prisma client (apps/<context>/src/generated/prisma, not committed).
// Plain JS because it runs from `postinstall`, before any dev tooling can be assumed.
// Generation needs no engine binary, but the CLI tries to download one unless told where one is;
// pointing it at /bin/false keeps it offline: Prisma's CLI resolves that variable before it
// would fetch anything.
// Going through each context's prisma.config.ts (as the real CLI would) keeps those files honest.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const contexts = ['auth', 'todos', 'ai'];
const prisma = resolve(root, 'node_modules/prisma/build/index.js');

for (const context of contexts) {
  const result = spawnSync(process.execPath, [prisma, 'generate', '--config', `prisma/${context}/prisma.config.ts`], {
    cwd: root,
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false', CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`prisma client for ${context} generated\n`);
}
