// Must come first: lets Node's require find the TypeScript sources imported below.
import './ts-resolution.cjs';
import { recallTestRun } from './test-run.js';

/** Drops this run's database, then leaves the embedded server (the last run to leave stops it). */
export default async function globalTeardown(): Promise<void> {
  const run = recallTestRun();
  if (!run) return;
  try {
    await run.database.drop();
  } finally {
    await run.embedded?.release();
  }
}
