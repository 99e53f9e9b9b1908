// Test support (not a spec): a launcher run exactly as a developer runs it — through npm, whose
// own signal relaying is part of what is tested — in its own process group, so that a test can
// play the terminal (SIGINT to the whole group) or a process manager (SIGTERM to npm).
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface Launcher {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved. */
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm run <script> --silent` with `env`; remembered for {@link endLaunchers}. */
export function launchScript(script: 'start' | 'start:split', env: NodeJS.ProcessEnv): Launcher {
  const child = spawn('npm', ['run', script, '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const launcher = { child, output: () => output, exited };
  started.push(launcher);
  return launcher;
}

const started: Launcher[] = [];

/** Waits until the output contains `text`; fails with the output so far if the launcher exits first. */
export async function waitFor(launcher: Launcher, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!launcher.output().includes(text)) {
    if (Date.now() > deadline || launcher.child.exitCode !== null) throw new Error(`no "${text}" in launcher output:\n${launcher.output()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * For afterAll: a failed test may leave a launcher behind. Ends its whole group (npm and the
 * launcher; the apps and PostgreSQL have groups of their own and stop when the launcher's SIGTERM
 * handling runs) and waits for it.
 */
export async function endLaunchers(): Promise<void> {
  for (const { child, exited } of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) continue;
    if (!signalGroup(child.pid, 'SIGTERM')) continue;
    await exited;
  }
}

/** Sends `signal` to the process group led by `pid`; false when no process of it is left. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}
