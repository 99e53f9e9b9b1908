import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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

/** Runs a built app as a real process and waits for its "listening on" line. */
export async function startAppProcess(app: string, env: Record<string, string>, timeoutMs = 20_000): Promise<AppProcess> {
  const child = spawn(process.execPath, [builtEntry(app)], {
    cwd: ROOT,
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

export interface ExitedProcess {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a built app that is expected to stop by itself (a bad configuration), and waits for it
 * however long the machine takes: only what it printed and its exit status are asserted, never
 * its speed. It runs in an empty directory, so no `.env` of the repository reaches it.
 */
export function runToExit(app: string, env: NodeJS.ProcessEnv): Promise<ExitedProcess> {
  const child = spawn(process.execPath, [builtEntry(app)], { cwd: mkdtempSync(resolve(tmpdir(), 'ficus-')), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (status) => done({ status, stdout, stderr })));
}
