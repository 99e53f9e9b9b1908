import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface AppProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Path of a built app's entry point; `npm test` builds before running Jest. */
export function builtEntry(app: string): string {
  const entry = resolve(ROOT, `dist/apps/${app}/src/main.js`);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first (npm test does)`);
  return entry;
}

/** Where a built app runs from: the repository with the running node (the default), or an image's files replayed into a folder. */
export interface AppLaunch {
  /** The node binary. */
  node: string;
  /** The folder holding dist/, node_modules and package.json, as the image's WORKDIR does. */
  root: string;
}

/** Runs a built app as a real process and waits for its "listening on" line. */
export async function startAppProcess(app: string, env: Record<string, string>, timeoutMs = 20_000, launch?: AppLaunch): Promise<AppProcess> {
  const child = spawn(launch?.node ?? process.execPath, [launch ? resolve(launch.root, `dist/apps/${app}/src/main.js`) : builtEntry(app)], {
    cwd: launch?.root ?? ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_FORMAT: 'json', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${app} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s,"]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`${app} exited with ${code} before listening:\n${output}`));
    });
  });
  return { child, url, output: () => output, exited };
}

/** Far beyond any start-up, on any machine: only a process that would never stop by itself meets it. */
const EXIT_GUARD_MS = 50_000;

export interface ExitedProcess {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a built app that is expected to stop by itself (a bad configuration), and waits for it
 * however long the machine takes: only what it printed and its exit status are asserted, never
 * its speed. It runs in an empty directory, so no `.env` of the repository reaches it; `dotEnv`
 * is the `.env` it finds there instead.
 */
export function runToExit(app: string, env: NodeJS.ProcessEnv, dotEnv?: string): Promise<ExitedProcess> {
  const cwd = mkdtempSync(resolve(tmpdir(), 'ficus-'));
  if (dotEnv !== undefined) writeFileSync(resolve(cwd, '.env'), dotEnv);
  // A free port, should it start after all; and it is stopped rather than left running.
  const child = spawn(process.execPath, [builtEntry(app)], { cwd, env: { HOST: '127.0.0.1', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const guard = setTimeout(() => child.kill('SIGKILL'), EXIT_GUARD_MS);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) =>
    child.once('close', (status) => {
      clearTimeout(guard);
      done({ status, stdout, stderr });
    }),
  );
}
