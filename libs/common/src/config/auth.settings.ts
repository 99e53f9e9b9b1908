import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, registerDecorator, type ValidationArguments } from 'class-validator';
import { TransportSettings } from './transport.settings.js';

/** One day in seconds, for readable bounds. */
const DAY_S = 86_400;

/**
 * Settings of the auth context: token signing and lifetimes, password hashing, login
 * throttling, mail. Read by whichever process hosts auth; the edge reads only what it needs
 * to verify access tokens (issuer, audience, clock skew).
 */
export class AuthSettings extends TransportSettings {
  /** `iss` of access tokens. */
  @IsString()
  @MinLength(1)
  AUTH_ISSUER = 'ficus-auth';

  /** `aud` of access tokens. */
  @IsString()
  @MinLength(1)
  AUTH_AUDIENCE = 'ficus';

  /** Tolerance for clocks of issuer and verifiers when checking exp/nbf, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300)
  AUTH_CLOCK_SKEW_S = 30;

  /** Lifetime of access tokens, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(86_400)
  AUTH_ACCESS_TOKEN_TTL_S = 900;

  /**
   * PEM text holding one or more EC P-256 private keys (PKCS#8 or SEC1). The first signs access
   * tokens; the public halves of all of them are published in the JWKS, so a key is rotated by
   * prepending the new one and dropping the old one after an access-token lifetime. Optional
   * here because only the process hosting auth needs it; that process refuses to start
   * without it. Usually given as `AUTH_JWT_PRIVATE_KEYS_FILE`.
   */
  @IsOptional()
  @IsString()
  @Matches(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, { message: 'AUTH_JWT_PRIVATE_KEYS must hold PEM private keys (-----BEGIN PRIVATE KEY-----)' })
  AUTH_JWT_PRIVATE_KEYS?: string;

  /** A session ends this long after login however often it is refreshed (default 30 days). */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  @Max(365 * DAY_S)
  AUTH_SESSION_ABSOLUTE_TTL_S = 30 * DAY_S;

  /** A session ends when unused (not refreshed) this long (default 7 days); each refresh token lives this long. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(365 * DAY_S)
  AUTH_SESSION_IDLE_TTL_S = 7 * DAY_S;

  /** Lifetime of a password reset link (default 30 minutes). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(DAY_S)
  AUTH_RESET_TOKEN_TTL_S = 1800;

  /** Failed logins per account, and per client address, before logins are refused for the window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  AUTH_LOGIN_MAX_FAILURES = 5;

  /** The window in which failed logins are counted, and how long a throttled login waits at most. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(DAY_S)
  AUTH_LOGIN_FAILURE_WINDOW_S = 900;

  /** Argon2id memory cost in KiB (ASVS/OWASP minimum 19456 with time cost 2; less memory needs more passes, see below). */
  @Type(() => Number)
  @IsInt()
  @Min(7168)
  @Max(4_194_304)
  AUTH_ARGON2_MEMORY_KIB = 19_456;

  /** Argon2id iterations. Stored hashes with other parameters are re-hashed at the next login. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  AUTH_ARGON2_TIME_COST = 2;

  /** Argon2id lanes. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(16)
  AUTH_ARGON2_PARALLELISM = 1;

  /** How often expired sessions, refresh tokens and reset tokens are deleted, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(7 * DAY_S)
  AUTH_CLEANUP_INTERVAL_S = 3600;

  /** Where mail goes when `MAIL_URL` is unset: one `.eml` file per message. */
  @IsString()
  @MinLength(1)
  AUTH_MAIL_DIR = '.data/mail';

  /** SMTP server for outgoing mail (`smtp://user:pass@host:587`, `smtps://…`); unset: mail is written to AUTH_MAIL_DIR. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'MAIL_URL must be an smtp:// or smtps:// URL' })
  MAIL_URL?: string;

  /** Sender of outgoing mail. */
  @IsString()
  @MinLength(3)
  @MaxLength(320)
  MAIL_FROM = 'Ficus <no-reply@localhost>';

  /** Where users reach the product; links in mail point here (`<APP_PUBLIC_URL>/reset-password?token=…`). */
  @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'APP_PUBLIC_URL must be an http(s) URL without query or fragment' })
  APP_PUBLIC_URL = 'http://localhost:3000';
}

/**
 * Auth in its own app needs Redis: logout and refresh-token reuse are written to
 * SessionRevocations, and only the Redis store reaches the gateway and every other instance —
 * the in-memory one would take the logout for done while the edge keeps accepting the session's
 * access tokens. Registered on AUTH_TRANSPORT, the key that decides, because REDIS_URL is
 * `@IsOptional()` in PlatformSettings, and that skips every check of an unset value.
 */
registerDecorator({
  name: 'redisWhenAuthIsRemote',
  target: AuthSettings,
  propertyName: 'AUTH_TRANSPORT',
  validator: {
    validate: (transport: unknown, args: ValidationArguments): boolean =>
      !(transport === 'nats' || transport === 'tcp') || Boolean((args.object as AuthSettings).REDIS_URL),
    defaultMessage: () =>
      'REDIS_URL is required when auth runs as its own app (AUTH_TRANSPORT=nats|tcp): logout and reuse detection reach every app through Redis',
  },
});

/**
 * OWASP's equivalent Argon2id settings (Password Storage Cheat Sheet): less memory needs more
 * passes. Each entry is a memory cost in KiB and the least time cost that goes with it.
 */
const ARGON2_FLOORS: readonly (readonly [memoryKib: number, timeCost: number])[] = [
  [47_104, 1],
  [19_456, 2],
  [12_288, 3],
  [9_216, 4],
  [7_168, 5],
];

/** The table above as the error message quotes it: `47104/1, 19456/2, …`. */
const ARGON2_FLOORS_TEXT = ARGON2_FLOORS.map(([memory, timeCost]) => `${memory}/${timeCost}`).join(', ');

/** The least time cost OWASP allows with this much memory (Infinity below every floor). */
export function leastArgon2TimeCost(memoryKib: number): number {
  return ARGON2_FLOORS.find(([memory]) => memoryKib >= memory)?.[1] ?? Number.POSITIVE_INFINITY;
}

/** Each Argon2 field has its own range; only the pair says whether the hash is strong enough. */
registerDecorator({
  name: 'argon2TimeCostForMemory',
  target: AuthSettings,
  propertyName: 'AUTH_ARGON2_TIME_COST',
  validator: {
    validate: (timeCost: unknown, args: ValidationArguments): boolean =>
      typeof timeCost !== 'number' || timeCost >= leastArgon2TimeCost((args.object as AuthSettings).AUTH_ARGON2_MEMORY_KIB),
    defaultMessage: (args?: ValidationArguments): string => {
      const memory = args ? (args.object as AuthSettings).AUTH_ARGON2_MEMORY_KIB : 0;
      return `AUTH_ARGON2_TIME_COST must be at least ${leastArgon2TimeCost(memory)} with AUTH_ARGON2_MEMORY_KIB=${memory} (OWASP: ${ARGON2_FLOORS_TEXT})`;
    },
  },
});
