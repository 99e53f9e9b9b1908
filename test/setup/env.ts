import { registerApps } from '../../libs/common/src/contracts/app-registry.js';
import { FICUS_APPS } from '../../apps/contexts.js';
import { assertTestDatabase } from '../support/databases.js';

// Every test process runs quietly and in test mode unless a developer overrides it.
process.env.NODE_ENV ??= 'test';
process.env.LOG_LEVEL ??= 'silent';

// The global setup points DATABASE_URL at this run's own database; anything else is refused.
if (process.env.DATABASE_URL) assertTestDatabase(process.env.DATABASE_URL);

// Specs that use the platform's transport pieces without an app (createApp registers its
// definition's apps) see Ficus's own apps, as every process does.
registerApps(FICUS_APPS);
