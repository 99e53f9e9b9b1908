import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const FIXTURE = resolve(__dirname, 'fixtures/buffered-log.fixture.ts');

/** Runs the fixture to its end; its stdout lines and exit code. */
function run(ending: string): Promise<{ lines: Array<Record<string, unknown>>; code: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ending], { cwd: resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => done({ lines: stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>), code }));
  });
}

describe('the buffered stdout of the platform logger', () => {
  // Lines wait in the buffer (4 KiB) until it fills or a timer fires: each ending below comes
  // before either, so only the flush on exit can bring the last line out.
  it.each([
    ['exit', 3],
    ['crash', 1],
    ['rejection', 1],
    ['drain', 0],
  ])('writes every line, the last one included, when the process ends by %s', async (ending, exitCode) => {
    const { lines, code } = await run(ending);
    expect(code).toBe(exitCode);
    expect(lines.map((line) => line.msg)).toEqual(['line 1', 'line 2', 'line 3', 'the last line before the end']);
  });
});
