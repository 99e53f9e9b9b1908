import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SessionRevocations, type CallContext, type CallerIdentity } from '@ficus/common';
import { type TokenPair } from '@ficus/contracts/auth';
import { anonymousCall } from '../../../../test/support/facade-calls.js';
import { applyMigrations } from '../../../../tools/db/operations.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/databases.js';
import { generateSigningKeyPem } from '../../../../test/support/jwt-keys.js';
import type { LogCapture } from '../../../../test/support/log-capture.js';
import { startTestApp } from '../../../../test/support/test-app.js';
import { FICUS_APPS } from '../../../contexts.js';
import { AuthClock } from '../../src/auth.clock.js';
import { AuthContextModule } from '../../src/auth.context.js';
import { AuthService } from '../../src/auth.service.js';
import { BackgroundWork } from '../../src/background/background-work.js';
import { ExpiredRowsCleanup } from '../../src/maintenance/expired-rows.cleanup.js';
import { PasswordHasher } from '../../src/passwords/password-hasher.js';
import { AuthPrismaClient } from '../../src/persistence/auth-prisma.client.js';

/** A database of its own for one spec file, with the auth schema migrated: no test sees another's rows. */
export async function createAuthDatabase(label: string): Promise<TestDatabase> {
  const database = await createTestDatabase(label);
  try {
    await applyMigrations({ context: 'auth', url: database.url });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/** The auth context inside a real platform app, with handles on what tests steer and inspect. */
export interface AuthHarness {
  app: NestFastifyApplication;
  auth: AuthService;
  prisma: AuthPrismaClient;
  revocations: SessionRevocations;
  background: BackgroundWork;
  cleanup: ExpiredRowsCleanup;
  hasher: PasswordHasher;
  logs: LogCapture;
  /** Moves the context's clock forward (cumulative); nothing sleeps. */
  travel(seconds: number): void;
  /** The context's clock, in epoch milliseconds. */
  now(): number;
  close(): Promise<void>;
}

/**
 * Boots `AuthContextModule` with the platform exactly as an app would (createApp), on
 * `databaseUrl`, with a generated signing key and in-memory stores unless `env` says otherwise.
 */
export async function startAuthContext(databaseUrl: string, env: Record<string, string | undefined> = {}): Promise<AuthHarness> {
  const { app, logs } = await startTestApp(
    { name: 'auth', apps: FICUS_APPS, module: AuthContextModule },
    { DATABASE_URL: databaseUrl, AUTH_JWT_PRIVATE_KEYS: generateSigningKeyPem(), REDIS_URL: undefined, MAIL_URL: undefined, ...env },
  );
  const clock = app.get(AuthClock, { strict: false });
  let offsetMs = 0;
  jest.spyOn(clock, 'now').mockImplementation(() => new Date(Date.now() + offsetMs));
  return {
    app,
    logs,
    auth: app.get(AuthService, { strict: false }),
    prisma: app.get(AuthPrismaClient, { strict: false }),
    revocations: app.get(SessionRevocations, { strict: false }),
    background: app.get(BackgroundWork, { strict: false }),
    cleanup: app.get(ExpiredRowsCleanup, { strict: false }),
    hasher: app.get(PasswordHasher, { strict: false }),
    travel: (seconds) => {
      offsetMs += seconds * 1000;
    },
    now: () => Date.now() + offsetMs,
    close: () => app.close(),
  };
}

/** An email no other test uses. */
export function uniqueEmail(name = 'user'): string {
  return `${name}.${randomBytes(6).toString('hex')}@example.com`;
}

/** A password that passes the policy and no other test uses. */
export function strongPassword(): string {
  return `pw-${randomBytes(12).toString('base64url')}`;
}

/** The claims of an access token, read without verification (tests verify signatures elsewhere). */
export function accessTokenClaims(accessToken: string): { sub: string; sid: string; roles: string[]; exp: number; iat: number } {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8'));
}

/** The caller identity the edge derives from a token pair's access token. */
export function callerOf(tokens: TokenPair): CallerIdentity {
  const claims = accessTokenClaims(tokens.accessToken);
  return { userId: claims.sub, roles: claims.roles, sessionId: claims.sid };
}

/** A call made with the access token of `tokens`. */
export function authenticatedCall(tokens: TokenPair, overrides: Partial<CallContext> = {}): CallContext {
  return anonymousCall({ caller: callerOf(tokens), ...overrides });
}

export { anonymousCall, problemOf } from '../../../../test/support/facade-calls.js';

/** Work a test holds back: `reached` resolves when the work gets there, `release()` lets it go on. */
export interface HeldCall {
  reached: Promise<void>;
  release(): void;
}

/**
 * Holds the next call of `target[method]` (an async method) before it runs, so a test can stage
 * an interleaving instead of hoping for one; later calls run as usual.
 */
export function holdNextCall<T extends object, K extends keyof T>(target: T, method: K): HeldCall {
  const handles: { arrive?: () => void; release?: () => void } = {};
  const reached = new Promise<void>((done) => (handles.arrive = done));
  const released = new Promise<void>((done) => (handles.release = done));
  const original = target[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  const held = async (...args: unknown[]): Promise<unknown> => {
    target[method] = original as unknown as T[K];
    handles.arrive?.();
    await released;
    return original.apply(target, args);
  };
  target[method] = held as unknown as T[K];
  return { reached, release: () => handles.release?.() };
}
