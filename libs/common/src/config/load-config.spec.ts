import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from './app-config.js';
import { developmentNotice } from './development-defaults.js';
import { loadConfig } from './load-config.js';
import { configProblems } from '../../../../test/support/config-problems.js';

/** The limits development relaxes, in order. */
const limits = (config: AppConfig) => [config.RATE_LIMIT_PUBLIC_LIMIT, config.RATE_LIMIT_API_LIMIT, config.RATE_LIMIT_AUTH_LIMIT, config.RATE_LIMIT_AI_LIMIT, config.AUTH_LOGIN_MAX_FAILURES];

describe('loadConfig', () => {
  it('applies documented defaults to an empty environment', () => {
    const config = loadConfig(AppConfig, {});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, BODY_LIMIT: 1_048_576, CORS_ORIGINS: [], SHUTDOWN_GRACE_PERIOD_MS: 20_000 });
    expect(config.logFormat).toBe('pretty');
    expect(config.drainDelayMs).toBe(0);
  });

  it('relaxes rate limits and login throttling in development only, so exploring by hand never hits them', () => {
    expect(limits(loadConfig(AppConfig, {}))).toEqual([10_000, 10_000, 1000, 1000, 1000]);
    expect(developmentNotice(loadConfig(AppConfig, {}))).toMatch(/^Development defaults: rate limits .* NODE_ENV=production/);
    for (const NODE_ENV of ['production', 'test']) {
      expect(limits(loadConfig(AppConfig, { NODE_ENV }))).toEqual([300, 100, 5, 20, 5]);
      expect(developmentNotice(loadConfig(AppConfig, { NODE_ENV }))).toBeUndefined();
    }
    const chosen = loadConfig(AppConfig, { RATE_LIMIT_AUTH_LIMIT: '7', AUTH_LOGIN_MAX_FAILURES: '3' });
    expect([chosen.RATE_LIMIT_AUTH_LIMIT, chosen.AUTH_LOGIN_MAX_FAILURES, chosen.RATE_LIMIT_API_LIMIT]).toEqual([7, 3, 10_000]);
  });

  it('converts types and derives production defaults', () => {
    const config = loadConfig(AppConfig, { NODE_ENV: 'production', PORT: '8080', CORS_ORIGINS: 'https://a.example, https://b.example', DOCS_ENABLED: 'false' });
    expect(config.PORT).toBe(8080);
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.DOCS_ENABLED).toBe(false);
    expect(config.logFormat).toBe('json');
    expect(config.drainDelayMs).toBe(5000);
  });

  it('gives each context its own database URL when set, else DATABASE_URL, and validates both', () => {
    const config = loadConfig(AppConfig, { DATABASE_URL: 'postgresql://shared/db', AI_DATABASE_URL: 'postgresql://ai/db' });
    expect([config.databaseUrlFor('auth'), config.databaseUrlFor('ai')]).toEqual(['postgresql://shared/db', 'postgresql://ai/db']);
    expect(configProblems({ TODOS_DATABASE_URL: 'mysql://todos' })).toEqual([expect.stringMatching(/^TODOS_DATABASE_URL: /)]);
  });

  it('bounds REDIS_COMMAND_TIMEOUT_MS: a hung Redis must fail a command well within a request', () => {
    expect(loadConfig(AppConfig, {}).REDIS_COMMAND_TIMEOUT_MS).toBe(250);
    expect(loadConfig(AppConfig, { REDIS_COMMAND_TIMEOUT_MS: '500' }).REDIS_COMMAND_TIMEOUT_MS).toBe(500);
    for (const value of ['0', '-1', '2.5', 'soon', '60000']) {
      expect(configProblems({ REDIS_COMMAND_TIMEOUT_MS: value })).toEqual([expect.stringMatching(/^REDIS_COMMAND_TIMEOUT_MS: /)]);
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig(AppConfig, { PORT: '', REDIS_URL: '' })).toMatchObject({ PORT: 3000, REDIS_URL: undefined });
  });

  it('reports every bad key at once, without echoing values', () => {
    const problems = configProblems({ PORT: 'eighty', NODE_ENV: 'staging', DATABASE_URL: 'mysql://secret-password@x', LOG_LEVEL: 'loud' });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'NODE_ENV', 'PORT']);
    expect(problems.join('\n')).not.toContain('secret-password');
  });

  it('refuses a CORS wildcard while credentials are allowed', () => {
    expect(configProblems({ CORS_ORIGINS: '*' })).toEqual([expect.stringMatching(/^CORS_ORIGINS: .*CORS_CREDENTIALS/)]);
    expect(loadConfig(AppConfig, { CORS_ORIGINS: '*', CORS_CREDENTIALS: 'false' }).CORS_ORIGINS).toEqual(['*']);
  });

  it.each([['1'], ['127.0.0.1, 10.0.0.0/8, ::1, loopback'], ['2001:db8::/32']])('accepts TRUST_PROXY=%s', (value) => {
    expect(() => loadConfig(AppConfig, { TRUST_PROXY: value })).not.toThrow();
  });

  it.each([['foo'], ['true'], ['10.0.0.0/33'], ['1,10.0.0.1'], ['::1/129']])('reports TRUST_PROXY=%s as a configuration problem', (value) => {
    expect(configProblems({ TRUST_PROXY: value })).toEqual([expect.stringMatching(/^TRUST_PROXY: TRUST_PROXY must be a hop count/)]);
  });

  it('takes an optional METRICS_PORT of its own, never the API port', () => {
    expect(loadConfig(AppConfig, {}).METRICS_PORT).toBeUndefined();
    expect(loadConfig(AppConfig, { PORT: '3000', METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(configProblems({ METRICS_PORT: 'metrics' })).toEqual([expect.stringMatching(/^METRICS_PORT: /)]);
    expect(configProblems({ METRICS_PORT: '70000' })).toEqual([expect.stringMatching(/^METRICS_PORT: /)]);
    expect(configProblems({ PORT: '8080', METRICS_PORT: '8080' })).toEqual(['METRICS_PORT: METRICS_PORT must differ from PORT (8080): /metrics moves to a port of its own']);
    // Both 0 (tests): each listener gets its own free port.
    expect(configProblems({ PORT: '0', METRICS_PORT: '0' })).toEqual([]);
  });

  describe('<NAME>_FILE secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ficus-config-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the value from the file, without the trailing newline', () => {
      const file = join(dir, 'database-url');
      writeFileSync(file, 'postgresql://app:s3cret@db:5432/ficus\n');
      expect(loadConfig(AppConfig, { DATABASE_URL_FILE: file }).DATABASE_URL).toBe('postgresql://app:s3cret@db:5432/ficus');
    });

    it('reports an unreadable file and an ambiguous pair', () => {
      const problems = configProblems({ REDIS_URL_FILE: join(dir, 'missing'), DATABASE_URL: 'postgresql://x@y/z', DATABASE_URL_FILE: join(dir, 'database-url') });
      expect(problems).toEqual([
        'DATABASE_URL: set either DATABASE_URL or DATABASE_URL_FILE, not both',
        expect.stringMatching(/^REDIS_URL_FILE: cannot read .*missing \(ENOENT\)$/),
      ]);
    });

    it('ignores *_FILE variables the schema does not declare', () => {
      expect(() => loadConfig(AppConfig, { SOMETHING_ELSE_FILE: join(dir, 'missing') })).not.toThrow();
    });
  });
});
