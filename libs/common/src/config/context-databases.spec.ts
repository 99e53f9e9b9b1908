import { configProblems } from '../../../../test/support/config-problems.js';
import { contextDatabaseUrl } from '../database/context-database.js';
import { AppConfig } from './app-config.js';
import { configKeys, loadConfig } from './load-config.js';
import { declareContextDatabases } from './platform.settings.js';

// Contexts of this spec's own: what any registered context gets, whatever its name.
declareContextDatabases(['ledger']);

describe('PlatformSettings: the database setting each registered context adds', () => {
  it('declares <CONTEXT>_DATABASE_URL, defaulting to DATABASE_URL', () => {
    expect(configKeys(AppConfig)).toContain('LEDGER_DATABASE_URL');
    expect(loadConfig(AppConfig, { DATABASE_URL: 'postgresql://shared/db' }).databaseUrlFor('ledger')).toBe('postgresql://shared/db');
    expect(loadConfig(AppConfig, { DATABASE_URL: 'postgresql://shared/db', LEDGER_DATABASE_URL: 'postgresql://own/db' }).databaseUrlFor('ledger')).toBe('postgresql://own/db');
  });

  it('validates it with every other key', () => {
    expect(configProblems({ LEDGER_DATABASE_URL: 'mysql://nope', PORT: 'x' })).toEqual([
      'LEDGER_DATABASE_URL: LEDGER_DATABASE_URL must be a postgresql:// URL',
      expect.stringMatching(/^PORT: /),
    ]);
  });

  it('is declared by asking for a context’s database, in tools that register no apps', () => {
    expect(configKeys(AppConfig)).not.toContain('JOURNAL_DATABASE_URL');
    expect(contextDatabaseUrl('journal' as never, { DATABASE_URL: 'postgresql://shared/db', JOURNAL_DATABASE_URL: 'postgresql://journal/db' })).toBe('postgresql://journal/db');
  });
});
