/**
 * The launchers' build: `nest build <apps…>` with the Nest CLI's SWC builder (nest-cli.json),
 * a line per app as it goes, and the time it took. SWC only transpiles: types are checked by
 * `npm run typecheck` (part of `npm test`), not here, so the build takes seconds, not minutes.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { ROOT, say } from './launcher.js';

/** The Nest CLI's line as it starts an app's SWC build. */
const STARTED = /^>?\s*SWC\s+Running/;
/** The Nest CLI's line once an app is built: `Successfully compiled: 328 files with swc (432.3ms)`. */
const COMPILED = /^Successfully compiled: (\d+) files? with swc \(([\d.]+)ms\)/;

/**
 * Rewrites the Nest CLI's output while it builds `apps` (one after the other, in that order) into
 * the launchers' progress lines, which name the app. A line it does not recognise (an error, a
 * newer CLI's wording) passes unchanged.
 */
export function buildProgress(apps: readonly string[]): (line: string) => string {
  let started = 0;
  let built = 0;
  const app = (index: number) => `${apps[index]} (${index + 1}/${apps.length})`;
  return (line) => {
    const plain = stripVTControlCharacters(line).trim();
    if (STARTED.test(plain) && started < apps.length) return `[ficus] Building ${app(started++)}…`;
    const compiled = COMPILED.exec(plain);
    if (compiled && built < apps.length) {
      const seconds = (Number(compiled[2]) / 1000).toFixed(1);
      return `[ficus] Built ${app(built++)}: ${compiled[1]} files in ${seconds} s`;
    }
    return line;
  };
}

/** Builds the given apps into dist/, unless FICUS_SKIP_BUILD=1; rejects when the build fails. */
export async function buildApps(apps: readonly string[]): Promise<void> {
  if (process.env.FICUS_SKIP_BUILD === '1') return;
  say(`Building ${apps.join(', ')} with SWC (types are checked by npm run typecheck)…`);
  const startedAt = performance.now();
  const nest = resolve(ROOT, 'node_modules/@nestjs/cli/bin/nest.js');
  // The CLI says "Running" on stdout and "Successfully compiled" (and any error) on stderr.
  const child = spawn(process.execPath, [nest, 'build', ...apps], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const progress = buildProgress(apps);
  const relay = (input: NodeJS.ReadableStream, write: (line: string) => void) =>
    createInterface({ input }).on('line', (line) => {
      const shown = progress(line);
      if (shown === line) write(line);
      else console.log(shown);
    });
  relay(child.stdout, (line) => console.log(line));
  relay(child.stderr, (line) => console.error(line));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) throw new Error(signal ? `the build was stopped (${signal})` : `the build failed (exit code ${code})`);
  say(`Built in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
}
