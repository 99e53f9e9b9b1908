// For the Prisma CLI, e.g. (where its schema-engine binary can be downloaded):
//   npx prisma migrate status --config prisma/todos/prisma.config.ts
// Ficus' own tooling (npm run db:*) does not need this file; see ../context-config.ts.
import { contextConfig } from '../context-config.js';

export default contextConfig('todos');
