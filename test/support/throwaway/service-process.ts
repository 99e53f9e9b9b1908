import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A throw-away server process a fault test owns: it may kill, pause and restart it at will. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves once the process has ended. */
  readonly exited: Promise<void>;
}

const live = new Set<ChildProcess>();
// A Jest worker that dies or finishes must not leave servers behind on the machine.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** An executable: `override` if set, else the first `name` on PATH or in `fallbackDirs`. */
export function findBinary(name: string, override: string | undefined, fallbackDirs: string[] = ['/usr/sbin', '/usr/bin']): string {
  const candidates = [override, ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name)), ...fallbackDirs.map((dir) => join(dir, name))];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not this one.
    }
  }
  throw new Error(`${name} not found (PATH, ${fallbackDirs.join(', ')}); .ci/ensure-services.sh installs it`);
}

/** Starts `binary` (with `env` added to this process's) and resolves once its output matches `ready` (rejects if it exits first). */
export function startServiceProcess(binary: string, args: string[], ready: RegExp, timeoutMs = 15_000, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  live.add(child);
  let text = '';
  const exited = new Promise<void>((done) => child.once('exit', () => {
    live.delete(child);
    done();
  }));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${binary} did not become ready within ${timeoutMs} ms:\n${text}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (ready.test(text)) {
        clearTimeout(timer);
        done({ child, output: () => text, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`${binary} exited before it was ready:\n${text}`));
    });
  });
}

/** Ends the process with `signal` (SIGKILL after 10 s) and waits for it. */
export async function endServiceProcess(service: ServiceProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!service || service.child.exitCode !== null || service.child.signalCode !== null) return;
  if (service.child.killed && signal !== 'SIGKILL') service.child.kill('SIGCONT');
  service.child.kill(signal);
  const force = setTimeout(() => service.child.kill('SIGKILL'), 10_000);
  await service.exited;
  clearTimeout(force);
}
