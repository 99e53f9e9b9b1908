/**
 * A launcher's children as one unit: output relayed line by line under each child's name,
 * start-up detected from the app's "listening on" line, an unexpected exit stopping the rest,
 * and an orderly stop in tiers (the last started first, as Compose does with dependents).
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { exitOf, startChildApp } from './child-app.js';

/** What the platform's `bootstrap` logs once an app serves (in pretty and JSON logs alike). */
const LISTENING = /listening on (http:\/\/[^\s,"]+)/;
const COLOURS = [36, 35, 33, 32, 34, 31];

export interface GroupOptions {
  /** Every name that will be started, for aligned prefixes and stable colours. */
  names: readonly string[];
  colour: boolean;
  /** How long a child may take to print its "listening on" line. */
  startTimeoutMs: number;
  log: (message: string) => void;
}

export interface Member {
  readonly name: string;
  readonly child: ChildProcess;
  /** The URL from the child's "listening on" line; rejects if it exits or times out first. */
  readonly listening: Promise<string>;
}

interface Entry extends Member {
  readonly tier: number;
  readonly exited: Promise<number>;
  code?: number;
}

const isRunning = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

export class ProcessGroup {
  private readonly entries: Entry[] = [];
  private stopping?: Promise<void>;
  private failed = false;
  private stopBegun!: () => void;
  private readonly stopBegins = new Promise<void>((begun) => (this.stopBegun = begun));

  constructor(private readonly options: GroupOptions) {}

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Starts the app at `file` as `name`; children of a higher tier are stopped before those of lower ones. */
  start(name: string, file: string, env: NodeJS.ProcessEnv, tier = 0): Member {
    if (this.isStopping) throw new Error(`not starting ${name}: the group is stopping`);
    const child = startChildApp(file, env, 'pipe');
    const exited = exitOf(child);
    const { listening, onLine } = this.watchStartUp(name, exited);
    const prefix = this.prefix(name);
    // Piped by startChildApp, so both streams exist.
    if (child.stdout) relayLines(child.stdout, process.stdout, prefix, onLine);
    if (child.stderr) relayLines(child.stderr, process.stderr, prefix, onLine);
    const entry: Entry = { name, child, listening, tier, exited };
    this.entries.push(entry);
    void exited.then((code) => this.onExit(entry, code));
    return entry;
  }

  /** Logs why, then stops every child; the group's result is 1. */
  fail(reason: string): void {
    this.options.log(reason);
    this.failed = true;
    void this.stop();
  }

  /** SIGTERM to each child once, the highest tier first, each tier after the one above has exited. */
  stop(): Promise<void> {
    this.stopping ??= this.stopInTiers();
    this.stopBegun();
    return this.stopping;
  }

  /** A second stop request: SIGTERM to every child still running, which apps take as "exit now"; how many. */
  forceStop(): number {
    const running = this.entries.filter(({ child }) => isRunning(child));
    for (const { child } of running) child.kill('SIGTERM');
    return running.length;
  }

  /** Once a stop has happened and every child has exited: 0 if none failed and each exited 0, else 1. */
  async result(): Promise<number> {
    await this.stopBegins;
    await this.stopping;
    return !this.failed && this.entries.every((entry) => entry.code === 0) ? 0 : 1;
  }

  /** Settles on the child's "listening on" line, its exit, or the start timeout, whichever is first. */
  private watchStartUp(name: string, exited: Promise<number>): { listening: Promise<string>; onLine: (line: string) => void } {
    let listened!: (url: string) => void;
    let failed!: (error: Error) => void;
    const listening = new Promise<string>((done, fail) => {
      listened = done;
      failed = fail;
    });
    const { startTimeoutMs } = this.options;
    const timer = setTimeout(() => failed(new Error(`${name} did not report "listening on" within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
    const settled = () => clearTimeout(timer);
    void listening.then(settled, settled);
    void exited.then((code) => failed(new Error(`${name} exited with code ${code} before listening`)));
    // Once stopping, a slow start is no longer a failure of its own.
    void this.stopBegins.then(settled);
    // Whoever awaits `listening` sees a failure; nobody awaiting it is not an unhandled rejection.
    listening.catch(() => undefined);
    const onLine = (line: string) => {
      const url = LISTENING.exec(line)?.[1];
      if (url) listened(url);
    };
    return { listening, onLine };
  }

  private async stopInTiers(): Promise<void> {
    const tiers = [...new Set(this.entries.map((entry) => entry.tier))].toSorted((a, b) => b - a);
    for (const tier of tiers) {
      const wave = this.entries.filter((entry) => entry.tier === tier);
      for (const { child } of wave) if (isRunning(child)) child.kill('SIGTERM');
      await Promise.all(wave.map((entry) => entry.exited));
    }
  }

  private onExit(entry: Entry, code: number): void {
    entry.code = code;
    if (!this.isStopping) this.fail(`${entry.name} exited unexpectedly (code ${code}): stopping the others`);
    else if (code !== 0) this.options.log(`${entry.name} exited with code ${code}`);
  }

  private prefix(name: string): string {
    const { names, colour } = this.options;
    const width = Math.max(...names.map((known) => known.length), name.length) + 2;
    const label = `[${name}]`.padEnd(width);
    if (!colour) return label;
    const code = COLOURS[Math.max(names.indexOf(name), 0) % COLOURS.length];
    return `\u001b[${code}m${label}\u001b[0m`;
  }
}

/** Writes each line of `source` to `target` behind `prefix` (a last line without newline too). */
function relayLines(source: Readable, target: Writable, prefix: string, onLine: (line: string) => void): void {
  const lines = createInterface({ input: source, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  lines.on('line', (line) => {
    target.write(`${prefix} ${line}\n`);
    onLine(line);
  });
}
