import type { TestDatabase } from '../support/databases.js';
import type { SharedTestServer } from './shared-test-server.js';

/** What the global setup started and the global teardown must undo. */
export interface TestRun {
  database: TestDatabase;
  /** Set when the run uses the embedded server rather than TEST_DATABASE_URL/DATABASE_URL. */
  embedded?: SharedTestServer;
}

const KEY = '__ficusTestRun';

/** Jest runs globalSetup and globalTeardown in one process; this hands the state across. */
export function rememberTestRun(run: TestRun): void {
  (globalThis as { [KEY]?: TestRun })[KEY] = run;
}

/** The state the global setup remembered, if it got that far. */
export function recallTestRun(): TestRun | undefined {
  return (globalThis as { [KEY]?: TestRun })[KEY];
}
