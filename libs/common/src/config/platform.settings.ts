// class-transformer's @Type reads decorator metadata while this class is being defined.
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { onAppsRegistered } from '../contracts/app-registry.js';
import { toBoolean, toList } from './config-transforms.js';
import { IsTrustProxySetting } from './trust-proxy.js';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
const REDIS_URL = /^rediss?:\/\/\S+$/;

/** Settings of the platform itself: process, HTTP edge, logging, databases, rate limits, shutdown. */
export class PlatformSettings {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsString()
  HOST = '0.0.0.0';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * Serves `/metrics` on this port of its own (and no longer on PORT), so the scrape endpoint
   * need not be reachable where the API is. Unset: `/metrics` on PORT.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** `pretty` for humans, `json` for machines; defaults to json in production. */
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  DATABASE_POOL_SIZE = 10;

  /**
   * Longest a request waits for a pooled connection (a new one included); beyond it the request
   * answers 503 `platform.database_busy`. Kept well inside REMOTE_CALL_TIMEOUT_MS.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  DATABASE_POOL_TIMEOUT_MS = 2000;

  /** Longest one SQL statement may run (PostgreSQL `statement_timeout`) before it is cancelled. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 2000;

  /** Longest a statement waits for a lock (PostgreSQL `lock_timeout`), a user's create lock included. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(600_000)
  DATABASE_LOCK_TIMEOUT_MS = 1000;

  @IsOptional()
  @Matches(REDIS_URL, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /**
   * Prepended to every Redis key (rate-limit counts, login-failure counts, session revocations),
   * e.g. `staging:`: deployments with different prefixes share one Redis without counting or
   * revoking for each other — the Redis twin of NATS_SUBJECT_PREFIX.
   */
  @Matches(/^([A-Za-z0-9_-]+[:.])*$/, { message: 'REDIS_KEY_PREFIX must be empty or tokens each ending in ":" or ".", such as "staging:" or "eu.prod:"' })
  REDIS_KEY_PREFIX = '';

  /**
   * How long one Redis command may take before it fails. Callers degrade on failure (fail open or
   * closed); a hung server must not hold requests, and several commands fit in a 1 s answer.
   */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10_000)
  REDIS_COMMAND_TIMEOUT_MS = 250;

  /** Largest accepted request body in bytes; larger bodies get 413. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  BODY_LIMIT = 1_048_576;

  /** Origins allowed by CORS; empty disables CORS. `*` is refused while credentials are on. */
  @Transform(toList)
  @IsString({ each: true })
  @ValidateIf((config: PlatformSettings) => config.CORS_CREDENTIALS)
  @Matches(/^(?!\*$).+/, { each: true, message: 'CORS_ORIGINS may not contain * while CORS_CREDENTIALS is true' })
  CORS_ORIGINS: string[] = [];

  @Transform(toBoolean)
  @IsBoolean()
  CORS_CREDENTIALS = true;

  /**
   * Proxies whose `X-Forwarded-For` is believed: comma-separated IPs/CIDRs, or a hop count.
   * Empty (the default) means the client IP is the socket's peer address.
   */
  @Transform(toList)
  @IsTrustProxySetting()
  TRUST_PROXY: string[] = [];

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PUBLIC_LIMIT = 300;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PUBLIC_TTL_MS = 60_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_API_LIMIT = 100;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_API_TTL_MS = 60_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_LIMIT = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_TTL_MS = 900_000;

  /**
   * How long the app keeps accepting connections after SIGTERM while `/ready` already says 503,
   * so load balancers stop routing to it first. Defaults to 5000 in production, 0 elsewhere.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_DRAIN_DELAY_MS?: number;

  /** Upper bound for in-flight requests to finish once the listener is closed. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_PERIOD_MS = 20_000;

  @Transform(toBoolean)
  @IsBoolean()
  DOCS_ENABLED = true;

  /**
   * The database URL of a context: its own `<CONTEXT>_DATABASE_URL` (the future split, declared
   * for every registered context, see declareContextDatabases), else `DATABASE_URL`.
   */
  databaseUrlFor(context: string): string | undefined {
    return (this as unknown as Record<string, string | undefined>)[contextDatabaseKey(context)] ?? this.DATABASE_URL;
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get logFormat(): 'json' | 'pretty' {
    return this.LOG_FORMAT ?? (this.NODE_ENV === 'development' ? 'pretty' : 'json');
  }

  get drainDelayMs(): number {
    return this.SHUTDOWN_DRAIN_DELAY_MS ?? (this.isProduction ? 5000 : 0);
  }
}

/** Two listeners cannot share a port; 0 (any free port, in tests) gives each its own. */
registerDecorator({
  name: 'metricsPortDiffersFromPort',
  target: PlatformSettings,
  propertyName: 'METRICS_PORT',
  validator: {
    validate: (metricsPort: unknown, args: ValidationArguments): boolean =>
      metricsPort === 0 || metricsPort !== (args.object as PlatformSettings).PORT,
    defaultMessage: (args?: ValidationArguments): string =>
      `METRICS_PORT must differ from PORT (${args ? (args.object as PlatformSettings).PORT : ''}): /metrics moves to a port of its own`,
  },
});

/** `<CONTEXT>_DATABASE_URL`: a context's own database setting. */
export const contextDatabaseKey = (context: string): string => `${context.toUpperCase()}_DATABASE_URL`;

/** The contexts whose database setting is declared. */
const declaredDatabases = new Set<string>();

/**
 * Declares `<CONTEXT>_DATABASE_URL` for each context not declared yet: optional, a postgresql://
 * URL, defaulting to DATABASE_URL (databaseUrlFor). The apps declare their registered contexts
 * (registerApps); tools/db, which runs without the apps, declares those with a schema in prisma/.
 */
export function declareContextDatabases(contexts: readonly string[]): void {
  for (const context of contexts) {
    if (declaredDatabases.has(context)) continue;
    const key = contextDatabaseKey(context);
    IsOptional()(PlatformSettings.prototype, key);
    Matches(POSTGRES_URL, { message: `${key} must be a postgresql:// URL` })(PlatformSettings.prototype, key);
    declaredDatabases.add(context);
  }
}

onAppsRegistered((apps) => declareContextDatabases(apps.contexts.map((context) => context.name)));
