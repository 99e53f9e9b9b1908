import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs an app in its own process group, so a terminal's Ctrl-C reaches only the launcher, which
 * forwards exactly one signal: the app then drains once instead of seeing SIGINT twice (its
 * second signal means "exit now").
 */
export function startChildApp(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--enable-source-maps', entry], { env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
}

/** Resolves with the child's exit code (1 when it was killed by a signal). */
export function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((done) => child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
}
