import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { eventually } from '../../support/eventually.js';

const FIXTURE = resolve(__dirname, 'events-fixture-app.ts');

/** Resolves `read()` once it is defined, polling (the fixture's output arrives in pieces). */
function when<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  return eventually(() => {
    const value = read();
    if (value === undefined) throw new Error(`Still waiting for ${what}`);
    return value;
  }, { timeoutMs, intervalMs: 50 });
}

/** The fixture app as a process of its own, driven line by line. */
export class FixtureProcess {
  private output = '';
  readonly exited: Promise<void>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => child.once('exit', () => done()));
  }

  static async start(env: Record<string, string>): Promise<FixtureProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { env: { ...process.env, ...env }, cwd: resolve(__dirname, '../../..') });
    const fixture = new FixtureProcess(child);
    await when(() => (/^ready$/m.test(fixture.output) ? true : undefined), 'the fixture to start', 30_000);
    return fixture;
  }

  /** Writes one event and resolves its id once its transaction has committed. */
  async write(n: number): Promise<string> {
    const before = (this.output.match(/^committed /gm) ?? []).length;
    this.child.stdin.write(`write ${n}\n`);
    return when(() => [...this.output.matchAll(/^committed (\S+)$/gm)].map((match) => match[1])[before], 'the commit');
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin.end('stop\n');
    await this.exited;
  }
}

