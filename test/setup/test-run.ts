import type { EmbeddedPostgres } from '../../tools/embedded-pg/index.js';
import type { TestDatabase } from '../support/databases.js';

/** What the global setup started and the global teardown must undo. */
export interface TestRun {
  database: TestDatabase;
  embedded?: EmbeddedPostgres;
}
