import { assertTestDatabase } from '../support/databases.js';

// Every test process runs quietly and in test mode unless a developer overrides it.
process.env.NODE_ENV ??= 'test';
process.env.LOG_LEVEL ??= 'silent';

// The global setup points DATABASE_URL at this run's own database; anything else is refused.
if (process.env.DATABASE_URL) assertTestDatabase(process.env.DATABASE_URL);
