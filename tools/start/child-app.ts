import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs an app in its own process group, so a terminal's Ctrl-C reaches only the launcher, which
 * forwards exactly one signal: the app then drains once instead of seeing SIGINT twice (its
 * second signal means "exit now"). `pipe` hands the app's output to the launcher (to prefix it)
 * instead of letting it write to the terminal directly.
 */
export function startChildApp(entry: string, env: NodeJS.ProcessEnv, output: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  return spawn(process.execPath, ['--enable-source-maps', entry], { env, stdio: ['ignore', output, output], detached: true });
}

/**
 * Resolves with the child's exit code (1 when it was killed by a signal) once it has exited and
 * its output streams are closed, so a launcher that exits next loses none of its last lines.
 */
export function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((done) => child.once('close', (code: number | null, signal: NodeJS.Signals | null) => done(code ?? (signal ? 1 : 0))));
}
