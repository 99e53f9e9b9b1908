import { ASSIGNABLE_ROLES, type AuthRole } from '../../apps/auth/src/contract/auth.roles.js';
import { contextDatabaseUrl } from '../../libs/common/src/database/context-database.js';
import { changeRole, type RoleAction } from './roles.js';

/** Where the command reads its configuration and writes its report; tests substitute these. */
export interface RoleCommandOptions {
  env?: NodeJS.ProcessEnv;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export const USAGE = `usage: npm run auth:role -- <grant|revoke> <email> <role>   (roles: ${ASSIGNABLE_ROLES.join(', ')})`;

/** Exit codes: 0 done (or already so), 1 no such account or the database failed, 2 wrong usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const isAction = (value: string | undefined): value is RoleAction => value === 'grant' || value === 'revoke';
const isAssignable = (value: string | undefined): value is AuthRole => ASSIGNABLE_ROLES.some((role) => role === value);

/**
 * `npm run auth:role -- grant|revoke <email> <role>`: changes one account's roles in the auth
 * database (AUTH_DATABASE_URL, else DATABASE_URL) and says what it did. Returns the exit code.
 */
export async function runRoleCommand(argv: readonly string[], options: RoleCommandOptions = {}): Promise<number> {
  const { env = process.env, out = console.log, err = console.error } = options;
  const [action, email, role, ...rest] = argv;
  if (!isAction(action) || !email || !role || rest.length > 0) {
    err(USAGE);
    return EXIT.usage;
  }
  if (!isAssignable(role)) {
    err(`Unknown role "${role}"; roles an operator grants or revokes: ${ASSIGNABLE_ROLES.join(', ')} (every account has user)`);
    return EXIT.usage;
  }
  try {
    const url = contextDatabaseUrl('auth', env);
    if (!url) throw new Error('No database configured for auth: set DATABASE_URL or AUTH_DATABASE_URL');
    const result = await changeRole(url, { action, email, role });
    if (!result.found) {
      err(`No account has the email ${result.email}; nothing changed`);
      return EXIT.failed;
    }
    const roles = `roles now: ${result.roles.join(', ')}`;
    if (!result.changed) out(`${result.email} ${action === 'grant' ? 'already has' : 'does not have'} ${role}; nothing changed (${roles})`);
    else if (action === 'grant') out(`Granted ${role} to ${result.email} (${roles}); their tokens carry it from their next login or refresh`);
    else out(`Revoked ${role} from ${result.email} (${roles}); new tokens lack it, access tokens issued before keep it until they expire`);
    return EXIT.ok;
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return EXIT.failed;
  }
}
