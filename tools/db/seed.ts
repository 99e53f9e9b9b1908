/**
 * `npm run db:seed [-- <API URL>]`: a demo user with a few todos, made through the running API
 * (start it first with `npm start`), and how to sign in as that user. The URL defaults to
 * http://localhost:$PORT (3000).
 */
import { loadEnvFile } from '../../libs/common/src/config/env-file.js';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from './seed-demo.js';

loadEnvFile();
const baseUrl = process.argv[2] ?? `http://localhost:${process.env.PORT || 3000}`;

try {
  const { created, todos } = await seedDemo(baseUrl);
  console.log(created ? `Created the demo user with ${todos} todos.` : `The demo user exists already (${todos} todos); nothing changed.`);
  console.log(`Sign in as ${DEMO_EMAIL} with the password "${DEMO_PASSWORD}":`);
  console.log(`  curl -s ${baseUrl}/auth/login -H 'content-type: application/json' -d '{"email":"${DEMO_EMAIL}","password":"${DEMO_PASSWORD}"}'`);
  console.log(`or in Swagger UI (${baseUrl}/docs): POST /auth/login, then Authorize with the accessToken.`);
} catch (error) {
  const reason = error instanceof Error && 'cause' in error && error.cause instanceof Error ? error.cause.message : String(error);
  console.error(`Could not seed the demo data through ${baseUrl}: ${reason}. Is the API running (npm start)?`);
  process.exitCode = 1;
}
