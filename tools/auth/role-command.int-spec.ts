import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Pool } from 'pg';
import { createContextPool } from '../../libs/common/src/database/prisma-adapter.js';
import { EXIT, runRoleCommand, USAGE } from './role-command.js';
import { changeRole } from './roles.js';

const REPO = resolve(__dirname, '../..');

/** This run's migrated database, set by the Jest global setup. */
function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by the Jest global setup');
  return url;
}

/** The real CLI, as `npm run auth:role --` starts it, with only a database in its environment. */
function cli(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'tools/auth/cli.ts', ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl() },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/**
 * `npm run auth:role` as an operator sees it — output, exit codes, the stored roles — on this
 * run's migrated database (accounts with unique emails, so other tests' rows do not matter).
 */
describe('auth:role', () => {
  let pool: Pool;
  let output: { out: string[]; err: string[] };
  const run = (...argv: string[]) => {
    output = { out: [], err: [] };
    return runRoleCommand(argv, { env: { AUTH_DATABASE_URL: databaseUrl() }, out: (line) => output.out.push(line), err: (line) => output.err.push(line) });
  };

  /** An account as registration leaves it: role `user` only. */
  async function account(): Promise<string> {
    const email = `roles.${randomBytes(6).toString('hex')}@example.com`;
    await pool.query(`INSERT INTO users (id, email, password_hash, updated_at) VALUES (gen_random_uuid(), $1, 'not-a-hash', now())`, [email]);
    return email;
  }
  const rolesOf = async (email: string): Promise<string[]> => (await pool.query<{ roles: string[] }>('SELECT roles FROM users WHERE email = $1', [email])).rows[0].roles;

  beforeAll(() => {
    pool = createContextPool({ url: databaseUrl(), schema: 'auth', poolSize: 2 });
  });
  afterAll(async () => {
    await pool?.end();
  });

  it('grants a role to the account, whatever the case and spacing of the email, and says so', async () => {
    const email = await account();
    await expect(run('grant', ` ${email.toUpperCase()} `, 'admin')).resolves.toBe(EXIT.ok);
    expect(output).toEqual({ out: [`Granted admin to ${email} (roles now: user, admin); their tokens carry it from their next login or refresh`], err: [] });
    await expect(rolesOf(email)).resolves.toEqual(['user', 'admin']);
    // A repeat is harmless and says nothing changed.
    await expect(run('grant', email, 'admin')).resolves.toBe(EXIT.ok);
    expect(output.out).toEqual([`${email} already has admin; nothing changed (roles now: user, admin)`]);
    await expect(rolesOf(email)).resolves.toEqual(['user', 'admin']);
  });

  it('revokes a role, keeping the others, and says so', async () => {
    const email = await account();
    await run('grant', email, 'admin');
    await expect(run('revoke', email, 'admin')).resolves.toBe(EXIT.ok);
    expect(output).toEqual({ out: [`Revoked admin from ${email} (roles now: user); new tokens lack it, access tokens issued before keep it until they expire`], err: [] });
    await expect(rolesOf(email)).resolves.toEqual(['user']);
    await expect(run('revoke', email, 'admin')).resolves.toBe(EXIT.ok);
    expect(output.out).toEqual([`${email} does not have admin; nothing changed (roles now: user)`]);
  });

  it('fails with exit code 1 for an email no account has, changing nothing', async () => {
    const ghost = `ghost.${randomBytes(6).toString('hex')}@example.com`;
    await expect(run('grant', ghost, 'admin')).resolves.toBe(EXIT.failed);
    expect(output).toEqual({ out: [], err: [`No account has the email ${ghost}; nothing changed`] });
    await expect(run('revoke', ghost, 'admin')).resolves.toBe(EXIT.failed);
    await expect(changeRole(databaseUrl(), { action: 'grant', email: ghost, role: 'admin' })).resolves.toEqual({ found: false, email: ghost });
  });

  it('explains wrong usage, unknown roles and the user role with exit code 2', async () => {
    for (const argv of [[], ['promote', 'a@example.com', 'admin'], ['grant', 'a@example.com'], ['grant', 'a@example.com', 'admin', 'extra']]) {
      await expect(run(...argv)).resolves.toBe(EXIT.usage);
      expect(output.err).toEqual([USAGE]);
    }
    for (const role of ['root', 'user']) {
      await expect(run('grant', 'a@example.com', role)).resolves.toBe(EXIT.usage);
      expect(output.err).toEqual([`Unknown role "${role}"; roles an operator grants or revokes: admin (every account has user)`]);
    }
  });

  it('fails with exit code 1 when no database is configured', async () => {
    const err: string[] = [];
    await expect(runRoleCommand(['grant', 'a@example.com', 'admin'], { env: {}, out: () => undefined, err: (line) => err.push(line) })).resolves.toBe(EXIT.failed);
    expect(err).toEqual(['No database configured for auth: set DATABASE_URL or AUTH_DATABASE_URL']);
  });

  it('runs as `npm run auth:role` does (tsx), with the exit codes an operator scripts against', async () => {
    const email = await account();
    const granted = cli('grant', email, 'admin');
    expect({ status: granted.status, stdout: granted.stdout.trim(), stderr: granted.stderr }).toEqual({ status: 0, stdout: expect.stringMatching(/^Granted admin to /), stderr: '' });
    await expect(rolesOf(email)).resolves.toEqual(['user', 'admin']);
    const unknown = cli('revoke', `nobody.${randomBytes(4).toString('hex')}@example.com`, 'admin');
    expect({ status: unknown.status, stderr: unknown.stderr.trim() }).toEqual({ status: 1, stderr: expect.stringMatching(/^No account has the email /) });
  });
});
