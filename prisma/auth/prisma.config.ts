// For the Prisma CLI (where its engine binary can be downloaded), e.g.
//   DATABASE_URL='postgresql://…?schema=auth' npx prisma migrate status --config prisma/auth/prisma.config.ts
// Ficus' own tooling (npm run db:*) does not need this file.
import { defineConfig, env } from 'prisma/config';

export default defineConfig({
  schema: './schema.prisma',
  migrations: { path: './migrations' },
  datasource: { url: env('DATABASE_URL') },
});
