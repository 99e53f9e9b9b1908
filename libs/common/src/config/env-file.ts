import { existsSync } from 'node:fs';

/**
 * Reads `.env` in the working directory, if there is one, into `process.env` (Node's own
 * parser, as `--env-file-if-exists`): variables already set in the environment win over the
 * file. Every app (`bootstrap`) and every launcher and tool calls it first, so one `.env`
 * configures `npm start`, `nest start <app>` and `node dist/apps/<app>/src/main.js` alike.
 * `.env.example` lists every setting with its default.
 */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
