import { AUTH_ROLES, type AuthRole } from '../../apps/auth/src/contract/auth.roles.js';
import { createContextPool } from '../../libs/common/src/database/prisma-adapter.js';
import { normalizeEmail } from '../../apps/auth/src/accounts/email.js';

export type RoleAction = 'grant' | 'revoke';

export interface RoleChange {
  action: RoleAction;
  email: string;
  role: AuthRole;
}

/** What a change did: `changed` false when the account already was as asked (a repeat is harmless). */
export type RoleChangeResult =
  | { found: true; email: string; userId: string; changed: boolean; roles: string[] }
  | { found: false; email: string };

/**
 * One statement, so a concurrent change of the same account cannot interleave: lock the row,
 * update it only if the role is (grant) or is not (revoke) missing yet, and return the roles
 * before and after. `$3` says which: true grants, false revokes. `updated_at` is set here because
 * Prisma's @updatedAt is filled in by the client, not by the database.
 */
const CHANGE_ROLE_SQL = `
WITH target AS (
  SELECT id, roles FROM users WHERE email = $1 FOR UPDATE
), changed AS (
  UPDATE users
  SET roles = CASE WHEN $3::boolean THEN array_append(target.roles, $2::text) ELSE array_remove(target.roles, $2::text) END,
      updated_at = now()
  FROM target
  WHERE users.id = target.id AND ($2::text = ANY(target.roles)) <> $3::boolean
  RETURNING users.id, users.roles
)
SELECT target.id, COALESCE(changed.roles, target.roles) AS roles, changed.id IS NOT NULL AS changed
FROM target LEFT JOIN changed ON changed.id = target.id`;

/**
 * Grants or revokes a role of the account with `email`, directly in the auth database at
 * `databaseUrl` (schema `auth`). This is how anyone becomes an admin: an operator's deliberate
 * act, never something a sign-up can claim. Tokens carry roles from the account row, so the
 * change shows in the next login or refresh; access tokens already issued keep their roles
 * until they expire (AUTH_ACCESS_TOKEN_TTL_S).
 */
export async function changeRole(databaseUrl: string, change: RoleChange): Promise<RoleChangeResult> {
  if (change.role === AUTH_ROLES.user) throw new Error('Every account has the user role; it is neither granted nor revoked');
  const email = normalizeEmail(change.email);
  const pool = createContextPool({ url: databaseUrl, schema: 'auth', poolSize: 1 });
  try {
    const { rows } = await pool.query<{ id: string; roles: string[]; changed: boolean }>(CHANGE_ROLE_SQL, [email, change.role, change.action === 'grant']);
    const [row] = rows;
    return row ? { found: true, email, userId: row.id, changed: row.changed, roles: row.roles } : { found: false, email };
  } finally {
    await pool.end();
  }
}
