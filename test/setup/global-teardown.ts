import type { TestRun } from './test-run.js';

/** Drops this run's database and stops the embedded server if the setup started one. */
export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as { __ficusTestRun?: TestRun }).__ficusTestRun;
  if (!run) return;
  await run.database.drop();
  await run.embedded?.stop();
}
