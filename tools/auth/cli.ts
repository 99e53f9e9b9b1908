/**
 * `npm run auth:role -- grant|revoke <email> <role>`: the operator's way to make an account an
 * admin (or to stop it being one). Registration never grants more than `user`, because emails
 * are not verified: whoever signs up first with an address would otherwise get its role.
 * Database URL: AUTH_DATABASE_URL, else DATABASE_URL.
 */
import { loadEnvFile } from '../../libs/common/src/config/env-file.js';
import { runRoleCommand } from './role-command.js';

loadEnvFile();
process.exitCode = await runRoleCommand(process.argv.slice(2));
